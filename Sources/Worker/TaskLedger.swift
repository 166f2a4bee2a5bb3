/// Which tasks a worker holds and what it owes the coordinator, so no task is computed twice and no result lost.
///
/// A task id is in at most one of three states: *computing* (handed to the compute thread, queued or running,
/// result not yet sent), *unacknowledged* (result sent, no ACK yet; its encoded frames are kept to send again),
/// or forgotten (acknowledged, or never seen). Separately the ledger knows which ids the coordinator assigned
/// in the current session (since the last WELCOME) and has not seen a result for: only their results free a
/// slot in the coordinator's count, so only they earn a replacement credit (``CreditController``).
struct TaskLedger: Sendable {
    /// What to do with a TASK.
    enum Decision: Equatable, Sendable {
        /// A new task: compute it.
        case compute
        /// Already queued or computing: its result will be sent when it is done.
        case alreadyComputing
        /// Already computed, its result not acknowledged: send these frames again instead of computing.
        case resend([[UInt8]])
    }

    /// A result sent and not acknowledged.
    private struct Unacknowledged: Sendable {
        var frames: [[UInt8]]
        /// When it was first sent (monotonic seconds), for the round trip; nil once sent again (ambiguous).
        var firstSentAt: Double?
    }

    /// Ids handed to the compute thread whose result has not been sent.
    private(set) var computing: Set<Int> = []
    /// Ids the coordinator assigned in this session and has no result for from this worker.
    private(set) var assignedThisSession: Set<Int> = []
    private var unacknowledged: [Int: Unacknowledged] = [:]

    /// Ids with a result sent but not acknowledged, ascending.
    var unacknowledgedIDs: [Int] { unacknowledged.keys.sorted() }

    /// Records a TASK for `taskID` and says what to do with it.
    ///
    /// A ``Decision/resend(_:)`` counts as answering the assignment: the caller sends the frames and asks
    /// for its replacement credit.
    mutating func assign(_ taskID: Int) -> Decision {
        if computing.contains(taskID) {
            assignedThisSession.insert(taskID)
            return .alreadyComputing
        }
        if var pending = unacknowledged[taskID] {
            pending.firstSentAt = nil
            unacknowledged[taskID] = pending
            assignedThisSession.remove(taskID)
            return .resend(pending.frames)
        }
        computing.insert(taskID)
        assignedThisSession.insert(taskID)
        return .compute
    }

    /// Records a finished task's result, about to be sent for the first time (or, before a WELCOME, kept to
    /// be sent after it).
    ///
    /// - Returns: Whether the coordinator assigned the task in this session (its result frees a slot).
    mutating func resultReady(_ taskID: Int, frames: [[UInt8]], at now: Double) -> Bool {
        computing.remove(taskID)
        unacknowledged[taskID] = Unacknowledged(frames: frames, firstSentAt: now)
        return assignedThisSession.remove(taskID) != nil
    }

    /// Forgets an acknowledged result.
    ///
    /// - Returns: When the result was first sent, if it was sent only once (a round-trip sample), else nil.
    mutating func acknowledged(_ taskID: Int) -> Double? {
        unacknowledged.removeValue(forKey: taskID)?.firstSentAt
    }

    /// Starts a session (a WELCOME): the coordinator has assigned nothing yet in it.
    ///
    /// - Returns: The frames of every unacknowledged result, by ascending task id, to send again.
    mutating func startSession() -> [[[UInt8]]] {
        assignedThisSession = []
        return unacknowledged.keys.sorted().map { id in
            unacknowledged[id]!.firstSentAt = nil
            return unacknowledged[id]!.frames
        }
    }

    /// Forgets everything (another sweep: its tasks and results mean nothing now).
    mutating func reset() {
        self = TaskLedger()
    }
}
