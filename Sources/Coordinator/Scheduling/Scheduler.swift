import DequeModule

/// The coordinator's policy: which worker gets which task, which result is accepted, when a worker is dead,
/// when a task is given up — as a value that takes events and returns actions, with no socket, database or clock
/// of its own (the caller passes the time with every event).
///
/// The rules:
/// - **Credits.** A worker is sent at most as many tasks as its READYs granted, and never holds more than
///   ``SchedulerConfiguration/maxTasksPerWorker``. Workers with credit take turns (a ring), so picking one is O(1).
/// - **Results only from the assignee.** A result is accepted only from a registered worker the task was sent to
///   (its lease may have expired since). Anything else is refused and counted by reason, never stored.
/// - **Durable, then acknowledged.** An accepted result becomes ``SchedulerAction/store(_:taskID:)``; the ACK
///   goes out only after ``SchedulerEvent/stored(_:)``. A late duplicate of a stored result is acknowledged and
///   not stored again; one that arrives while the first is being stored is acknowledged with it.
/// - **Liveness.** A worker silent past the liveness window is dead; its tasks go to the front of the queue.
///   Such a loss is not held against the task (a killed, pre-empted or cut-off worker says nothing about the
///   task), unless the same task was lost on ``SchedulerConfiguration/failAfter`` distinct hosts, or
///   ``SchedulerConfiguration/lossLimit`` times in all.
/// - **Crashes.** A task reported to have crashed ``SchedulerConfiguration/failAfter`` distinct worker
///   processes fails. A late valid result of a failed task still completes it.
/// - **Leases.** A task not returned within its lease (``LeasePolicy``) is queued for another worker too, even
///   while its holder heartbeats; the first valid result wins. A worker that lets
///   ``SchedulerConfiguration/maxExpiredLeases`` leases expire is dropped.
/// - **Restarts.** A worker that says HELLO within ``SchedulerConfiguration/adoptionWindow`` of the start keeps
///   the pending tasks it says it holds, so it can deliver results computed before a coordinator restart.
/// - **Growth.** An adaptive sweep reserves ids it has not created yet (``TaskPhase/absent``); ``create(_:now:)``
///   adds them once the coordinator has recorded them durably. An absent task is neither handed out nor counted.
/// - **The end.** ``SchedulerAction/complete`` is returned once, when every task created is done or failed.
public struct Scheduler: Sendable {
    /// Where one task stands.
    public enum TaskPhase: UInt8, Sendable {
        /// Waiting in the queue.
        case pending
        /// Sent to a worker whose lease has not expired.
        case leased
        /// A result was accepted and is being stored.
        case storing
        /// Its result is durable.
        case done
        /// Given up; reported.
        case failed
        /// An id an adaptive sweep may create later; not a task yet.
        case absent
    }

    /// A task's current lease.
    struct Lease: Sendable {
        var holder: PeerIdentity
        var sentAt: ContinuousClock.Instant
        var ahead: Int
    }

    /// The rules.
    public let configuration: SchedulerConfiguration
    /// When the coordinator started.
    public let startedAt: ContinuousClock.Instant
    /// Where each task stands, by task id.
    public private(set) var phases: [TaskPhase]
    /// Registered workers by routing identity.
    public private(set) var sessions: [PeerIdentity: WorkerSession] = [:]
    /// Workers that died, were dropped or left, most recent last (at most 1,000 are kept).
    public private(set) var departed: [DepartedWorker] = []
    /// Tasks with a durable result.
    public private(set) var doneCount = 0
    /// Tasks given up.
    public private(set) var failedCount = 0
    /// Ids reserved but not created (adaptive sweeps).
    public private(set) var absentCount = 0
    /// Tasks that went back to the queue.
    public private(set) var requeueCount = 0
    /// Results that arrived for a task already stored or being stored.
    public private(set) var duplicateCount = 0
    /// Leases that ran out.
    public private(set) var expiredLeaseCount = 0
    /// Results refused, by reason.
    public private(set) var refusedResults: [RefusedResult: Int] = [:]
    /// While true no task is handed out (the broker sets it while results wait for a store that cannot write).
    public var dispatchPaused = false

    private var queue: TaskQueue
    private var leases: [Int: Lease] = [:]
    private var deliverers: [Int: [PeerIdentity]] = [:]
    private var lossHosts: [Int: Set<String>] = [:]
    private var losses: [Int: Int] = [:]
    private var crashedWorkers: [Int: Set<String>] = [:]
    private var peerByWorkerID: [String: PeerIdentity] = [:]
    private var ready: Deque<PeerIdentity> = []
    private var inReadyRing: Set<PeerIdentity> = []
    private var taskSecondsSum = 0.0
    private var taskSecondsCount = 0
    private var announcedComplete = false

    /// A scheduler for `total` tasks (ids `0..<total`), resuming from the store's record of them.
    ///
    /// - Parameters:
    ///   - total: How many tasks the sweep has.
    ///   - done: Ids of tasks already stored.
    ///   - failed: Ids of tasks already given up.
    ///   - absent: Ids reserved for tasks an adaptive sweep has not created yet.
    ///   - configuration: The rules.
    ///   - now: The start time.
    public init(total: Int, done: [Int] = [], failed: [Int] = [], absent: [Int] = [],
                configuration: SchedulerConfiguration, now: ContinuousClock.Instant) {
        self.configuration = configuration
        startedAt = now
        var phases = [TaskPhase](repeating: .pending, count: total)
        for id in absent where phases.indices.contains(id) { phases[id] = .absent }
        for id in done where phases.indices.contains(id) { phases[id] = .done }
        for id in failed where phases.indices.contains(id) && phases[id] == .pending { phases[id] = .failed }
        self.phases = phases
        doneCount = phases.lazy.filter { $0 == .done }.count
        failedCount = phases.lazy.filter { $0 == .failed }.count
        absentCount = phases.lazy.filter { $0 == .absent }.count
        queue = TaskQueue(phases.indices.filter { phases[$0] == .pending })
    }

    /// All tasks created so far (every task of a sweep of fixed size).
    public var total: Int { phases.count - absentCount }

    /// Whether every task is done or failed.
    public var isComplete: Bool { doneCount + failedCount == total }

    /// Tasks currently held by a worker under a lease that has not expired.
    public var leasedCount: Int { leases.count }

    /// The mean compute time of the results accepted so far, in seconds; nil before the first.
    public var meanTaskSeconds: Double? {
        taskSecondsCount == 0 ? nil : taskSecondsSum / Double(taskSecondsCount)
    }

    /// The id of the registered worker at `peer`, without copying its session; nil for a stranger.
    public func workerID(of peer: PeerIdentity) -> String? {
        sessions.index(forKey: peer).map { sessions.values[$0].id }
    }

    /// The lease a task would get now with `ahead` tasks before it on its worker.
    public func leaseDuration(ahead: Int) -> Duration {
        configuration.lease.duration(meanTaskSeconds: meanTaskSeconds, ahead: ahead)
    }

    /// Applies one event at time `now` and returns what the broker must do, in order.
    public mutating func handle(_ event: SchedulerEvent, now: ContinuousClock.Instant) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        switch event {
        case .hello(let peer, let worker, let held):
            hello(peer, worker: worker, held: held, now: now, into: &actions)
        case .ready(let peer, let credits):
            guard let index = heard(peer, now: now) else { return [.askToRegister(peer)] }
            grant(credits, at: index)
        case .heartbeat(let peer, let steps):
            guard let index = heard(peer, now: now) else { return [.askToRegister(peer)] }
            sessions.values[index].stepsInProgress = steps
        case .result(let peer, let taskID, let seconds, let credits):
            result(peer, taskID: taskID, computeSeconds: seconds, credits: credits, now: now, into: &actions)
        case .stored(let ids):
            for id in ids where phases.indices.contains(id) && phases[id] == .storing {
                phases[id] = .done
                doneCount += 1
                for peer in deliverers.removeValue(forKey: id) ?? [] { actions.append(.acknowledge(peer, taskID: id)) }
            }
        case .crashReport(let peer, let taskID, let crashedWorkerID, let reason):
            guard let index = heard(peer, now: now) else { return [.askToRegister(peer)] }
            crash(taskID: taskID, workerID: crashedWorkerID ?? sessions.values[index].id, reason: reason, now: now, into: &actions)
        case .unreachable(let peer, let taskID):
            if var session = sessions[peer], session.inFlight.remove(taskID) != nil {
                session.credits = 0
                sessions[peer] = session
                if leases[taskID]?.holder == peer {
                    requeue(taskID, reason: .unreachable(workerID: session.id), into: &actions)
                }
            }
        case .tick:
            checkLiveness(now: now, into: &actions)
            checkLeases(now: now, into: &actions)
        }
        dispatch(now: now, into: &actions)
        if isComplete && !announcedComplete {
            announcedComplete = true
            actions.append(.complete)
        }
        return actions
    }

    // MARK: - Growth

    /// Creates reserved tasks (ids in `0..<total` that were ``TaskPhase/absent``) and queues them in id order
    /// behind the tasks already waiting; ids already created are ignored. Call only once they are durable.
    /// - Returns: What the broker must do (the new tasks may go out at once).
    public mutating func create(_ ids: [Int], now: ContinuousClock.Instant) -> [SchedulerAction] {
        var actions: [SchedulerAction] = []
        for id in ids.sorted() where phases.indices.contains(id) && phases[id] == .absent {
            phases[id] = .pending
            absentCount -= 1
            queue.append(id)
            announcedComplete = false
        }
        dispatch(now: now, into: &actions)
        return actions
    }

    // MARK: - Registration

    /// Where a registered peer's session is in ``sessions``, with its last-seen time updated; nil for a stranger.
    /// Callers change the session in place through the index (valid until a session is added or removed), so
    /// its in-flight set is never copied.
    private mutating func heard(_ peer: PeerIdentity, now: ContinuousClock.Instant) -> Dictionary<PeerIdentity, WorkerSession>.Index? {
        guard let index = sessions.index(forKey: peer) else { return nil }
        sessions.values[index].lastSeen = now
        return index
    }

    private mutating func hello(_ peer: PeerIdentity, worker: WorkerIdentity, held: [Int], now: ContinuousClock.Instant,
                                into actions: inout [SchedulerAction]) {
        let heldSet = Set(held.prefix(configuration.maxTasksPerWorker))
        var session = WorkerSession(identity: peer, worker: worker, now: now)
        // A worker declared dead that comes back is the same worker: it leaves the departed list and keeps its counts.
        if let index = departed.lastIndex(where: { $0.session.id == worker.id }) {
            session.keepCounts(of: departed.remove(at: index).session)
        }
        if let previous = sessions.removeValue(forKey: peer) {
            session.keepCounts(of: previous)
            // The same worker registering again (it reconnected): it keeps what it still holds.
            for id in previous.inFlight.sorted() {
                if heldSet.contains(id) {
                    session.inFlight.insert(id)
                } else if leases[id]?.holder == peer {
                    requeue(id, reason: .workerLost(workerID: previous.id, host: previous.host), into: &actions)
                }
            }
        }
        if now - startedAt <= configuration.adoptionWindow {
            for id in heldSet.sorted() where phases.indices.contains(id) && phases[id] == .pending {
                phases[id] = .leased
                leases[id] = Lease(holder: peer, sentAt: now, ahead: session.inFlight.count)
                session.inFlight.insert(id)
            }
        }
        peerByWorkerID[worker.id] = peer
        sessions[peer] = session
        actions.append(.welcome(peer))
    }

    // MARK: - Results

    /// Accepts or refuses a result; the credits it carries are granted either way (like those of a READY that
    /// follows it), after the task has left the worker's in-flight set.
    private mutating func result(_ peer: PeerIdentity, taskID id: Int, computeSeconds: Double, credits: Int,
                                 now: ContinuousClock.Instant, into actions: inout [SchedulerAction]) {
        guard let index = heard(peer, now: now) else {
            refuse(peer, id, .unregistered, into: &actions)
            actions.append(.askToRegister(peer))
            return
        }
        let inSweep = phases.indices.contains(id) && phases[id] != .absent
        let wasInFlight = inSweep && sessions.values[index].inFlight.remove(id) != nil
        grant(credits, at: index)
        guard inSweep else { return refuse(peer, id, .notInSweep, into: &actions) }
        guard wasInFlight else { return refuse(peer, id, .notAssigned, into: &actions) }
        sessions.values[index].stepsInProgress = 0
        sessions.values[index].tasksDone += 1
        sessions.values[index].computeSeconds += computeSeconds
        if sessions.values[index].credits > 0 { markReady(peer) }
        switch phases[id] {
        case .done:
            duplicateCount += 1
            actions.append(.acknowledge(peer, taskID: id))
        case .storing:
            duplicateCount += 1
            deliverers[id, default: []].append(peer)
        case .absent:
            break
        case .pending, .leased, .failed:
            if phases[id] == .failed { failedCount -= 1 }
            phases[id] = .storing
            leases[id] = nil
            deliverers[id] = [peer]
            if computeSeconds.isFinite && computeSeconds >= 0 {
                taskSecondsSum += computeSeconds
                taskSecondsCount += 1
            }
            actions.append(.store(peer, taskID: id))
        }
    }

    private mutating func refuse(_ peer: PeerIdentity, _ id: Int, _ reason: RefusedResult, into actions: inout [SchedulerAction]) {
        refusedResults[reason, default: 0] += 1
        actions.append(.refuseResult(peer, taskID: id, reason: reason))
    }

    // MARK: - Losses, crashes and leases

    /// Puts a task that is not done back at the front of the queue.
    private mutating func requeue(_ id: Int, reason: RequeueReason, into actions: inout [SchedulerAction]) {
        guard phases[id] == .leased || phases[id] == .pending else { return }
        leases[id] = nil
        if phases[id] == .leased {
            phases[id] = .pending
            queue.requeue(id)
        }
        requeueCount += 1
        actions.append(.requeued(taskID: id, reason: reason))
    }

    /// Gives a task up.
    private mutating func fail(_ id: Int, reason: String, into actions: inout [SchedulerAction]) {
        guard phases[id] == .leased || phases[id] == .pending else { return }
        leases[id] = nil
        phases[id] = .failed
        failedCount += 1
        actions.append(.failed(taskID: id, reason: reason))
    }

    /// Removes a worker; the tasks it holds under a current lease are re-queued (or fail, past the loss rules),
    /// except `crashedTask`, which the caller accounts for.
    private mutating func remove(_ peer: PeerIdentity, crashedTask: Int? = nil, now: ContinuousClock.Instant,
                                 into actions: inout [SchedulerAction]) -> (WorkerSession, [Int])? {
        guard let session = sessions.removeValue(forKey: peer) else { return nil }
        if peerByWorkerID[session.id] == peer { peerByWorkerID[session.id] = nil }
        var requeued: [Int] = []
        for id in session.inFlight.sorted() where id != crashedTask && leases[id]?.holder == peer {
            losses[id, default: 0] += 1
            lossHosts[id, default: []].insert(session.host)
            let hosts = lossHosts[id]!.count, count = losses[id]!
            if hosts >= configuration.failAfter {
                fail(id, reason: "lost with its worker on \(hosts) distinct hosts", into: &actions)
            } else if count >= configuration.lossLimit {
                fail(id, reason: "lost with its worker \(count) times", into: &actions)
            } else {
                requeue(id, reason: .workerLost(workerID: session.id, host: session.host), into: &actions)
                requeued.append(id)
            }
        }
        return (session, requeued)
    }

    private mutating func depart(_ session: WorkerSession, state: WorkerStatus.State, requeued: [Int]) {
        departed.append(DepartedWorker(session: session, state: state, requeued: requeued))
        if departed.count > 1000 { departed.removeFirst(departed.count - 1000) }
    }

    private mutating func checkLiveness(now: ContinuousClock.Instant, into actions: inout [SchedulerAction]) {
        // Only the silent sessions are copied (this runs every tick over every worker).
        var silent: [(id: String, peer: PeerIdentity)] = []
        for index in sessions.indices where now - sessions.values[index].lastSeen > configuration.liveness {
            silent.append((sessions.values[index].id, sessions.keys[index]))
        }
        for (_, peer) in silent.sorted(by: { $0.id < $1.id }) {
            guard let (lost, requeued) = remove(peer, now: now, into: &actions) else { continue }
            depart(lost, state: .dead, requeued: requeued)
            actions.append(.workerLost(lost, reason: "silent past the liveness window", requeued: requeued))
        }
    }

    private mutating func crash(taskID id: Int, workerID: String, reason: String, now: ContinuousClock.Instant,
                                into actions: inout [SchedulerAction]) {
        guard phases.indices.contains(id) else { return }
        crashedWorkers[id, default: []].insert(workerID)
        let crashes = crashedWorkers[id]!.count
        var heldByCrashed = false
        if let peer = peerByWorkerID[workerID], sessions[peer] != nil {
            heldByCrashed = leases[id]?.holder == peer
            if let (lost, requeued) = remove(peer, crashedTask: id, now: now, into: &actions) {
                depart(lost, state: .dead, requeued: requeued)
                actions.append(.workerLost(lost, reason: "its process crashed: \(reason)", requeued: requeued))
            }
        }
        if crashes >= configuration.failAfter && (heldByCrashed || phases[id] == .pending) {
            fail(id, reason: "crashed \(crashes) distinct worker processes; last: \(reason)", into: &actions)
        } else if heldByCrashed {
            requeue(id, reason: .crashed(workerID: workerID), into: &actions)
        }
    }

    private mutating func checkLeases(now: ContinuousClock.Instant, into actions: inout [SchedulerAction]) {
        // Collects ids only: this runs every tick over every lease.
        var expired: [Int] = []
        for (id, lease) in leases where now - lease.sentAt > leaseDuration(ahead: lease.ahead) { expired.append(id) }
        for id in expired.sorted() {
            guard let lease = leases[id], let index = sessions.index(forKey: lease.holder) else { continue }
            expiredLeaseCount += 1
            sessions.values[index].expiredLeases += 1
            let (holderID, expiredLeases) = (sessions.values[index].id, sessions.values[index].expiredLeases)
            requeue(id, reason: .leaseExpired(workerID: holderID), into: &actions)
            if expiredLeases >= configuration.maxExpiredLeases,
               let (dropped, requeued) = remove(lease.holder, now: now, into: &actions) {
                depart(dropped, state: .gone, requeued: requeued)
                actions.append(.workerDropped(
                    dropped, reason: "\(dropped.expiredLeases) task leases expired: this worker is too slow or stuck",
                    requeued: requeued))
            }
        }
    }

    // MARK: - Dispatch

    /// Adds `credits` (negative counts as 0) to the session at `index`, never beyond what
    /// ``SchedulerConfiguration/maxTasksPerWorker`` allows next to its in-flight tasks, and puts it in the ring.
    private mutating func grant(_ credits: Int, at index: Dictionary<PeerIdentity, WorkerSession>.Index) {
        guard credits > 0 else { return }
        let room = configuration.maxTasksPerWorker - sessions.values[index].inFlight.count
        sessions.values[index].credits = max(0, min(sessions.values[index].credits + credits, room))
        markReady(sessions.keys[index])
    }

    private mutating func markReady(_ peer: PeerIdentity) {
        if inReadyRing.insert(peer).inserted { ready.append(peer) }
    }

    /// Hands queued tasks to workers with credit, taking the workers in turn.
    private mutating func dispatch(now: ContinuousClock.Instant, into actions: inout [SchedulerAction]) {
        while !dispatchPaused, let peer = ready.first {
            guard let index = sessions.index(forKey: peer), sessions.values[index].credits > 0,
                  sessions.values[index].inFlight.count < configuration.maxTasksPerWorker
            else {
                ready.removeFirst()
                inReadyRing.remove(peer)
                continue
            }
            guard let id = nextPendingTask() else { return }
            let ahead = sessions.values[index].inFlight.count
            phases[id] = .leased
            leases[id] = Lease(holder: peer, sentAt: now, ahead: ahead)
            sessions.values[index].credits -= 1
            sessions.values[index].inFlight.insert(id)
            actions.append(.assign(peer, taskID: id, lease: leaseDuration(ahead: ahead)))
            ready.removeFirst()
            if sessions.values[index].credits > 0 && sessions.values[index].inFlight.count < configuration.maxTasksPerWorker {
                ready.append(peer)
            } else {
                inReadyRing.remove(peer)
            }
        }
    }

    private mutating func nextPendingTask() -> Int? {
        while let id = queue.next() {
            if phases[id] == .pending { return id }
        }
        return nil
    }
}
