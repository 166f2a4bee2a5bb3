/// The tasks waiting to be handed out: re-queued tasks first (most recently lost first), then never-started
/// tasks in id order.
///
/// The queue holds ids only; the ``Scheduler`` skips an id whose task is no longer pending when it comes up
/// (a late result arrived, or the task failed), so nothing has to be removed from the middle.
struct TaskQueue: Sendable {
    private var fresh: [Int]
    private var nextFresh = 0
    private var requeued: [Int] = []

    /// A queue of task ids, handed out in the given order.
    init(_ ids: [Int]) {
        fresh = ids
    }

    /// Puts a lost task back at the front.
    mutating func requeue(_ id: Int) {
        requeued.append(id)
    }

    /// Adds a never-started task behind every other never-started one.
    mutating func append(_ id: Int) {
        fresh.append(id)
    }

    /// The next task id, or nil when empty.
    mutating func next() -> Int? {
        if let id = requeued.popLast() { return id }
        guard nextFresh < fresh.count else { return nil }
        defer { nextFresh += 1 }
        return fresh[nextFresh]
    }

    /// Ids waiting (some may no longer be pending).
    var count: Int { requeued.count + fresh.count - nextFresh }
}
