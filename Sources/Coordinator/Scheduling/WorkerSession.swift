/// A peer's ZeroMQ routing identity (a worker's id, as bytes).
public typealias PeerIdentity = [UInt8]

/// Who a worker says it is in its HELLO.
public struct WorkerIdentity: Sendable, Hashable {
    /// The worker's self-chosen id (also its routing identity).
    public var id: String
    /// Its host name.
    public var host: String
    /// Its process id on that host.
    public var pid: Int

    /// Creates a worker identity.
    public init(id: String, host: String, pid: Int) {
        self.id = id
        self.host = host
        self.pid = pid
    }
}

/// What the scheduler knows about one registered worker.
public struct WorkerSession: Sendable, Equatable {
    /// The worker's ZeroMQ routing identity.
    public let identity: PeerIdentity
    /// Who it said it is.
    public let worker: WorkerIdentity
    /// Tasks it can still be sent (READY adds, TASK subtracts).
    public var credits = 0
    /// Tasks sent to it without a result from it yet, current leases and expired ones alike.
    public var inFlight: Set<Int> = []
    /// When it was last heard from.
    public var lastSeen: ContinuousClock.Instant
    /// Trajectory-steps done inside its running task, from its last heartbeat.
    public var stepsInProgress = 0
    /// Results it delivered that were stored (or were duplicates of stored ones) in this coordinator session,
    /// across its reconnections.
    public var tasksDone = 0
    /// Their summed compute time, in seconds.
    public var computeSeconds = 0.0
    /// Leases it let expire.
    public var expiredLeases = 0

    /// The worker's id.
    public var id: String { worker.id }
    /// Its host name.
    public var host: String { worker.host }
    /// Its process id.
    public var pid: Int { worker.pid }

    /// A new session, with no credits and no tasks.
    public init(identity: PeerIdentity, worker: WorkerIdentity, now: ContinuousClock.Instant) {
        self.identity = identity
        self.worker = worker
        lastSeen = now
    }
    /// Carries the results delivered and their compute time over from an earlier session of the same worker (it
    /// reconnected, or came back after being declared dead), so its counters survive the reconnection.
    mutating func keepCounts(of earlier: WorkerSession) {
        tasksDone += earlier.tasksDone
        computeSeconds += earlier.computeSeconds
    }
}

/// A worker declared dead, dropped or told to leave, kept for the status and the dashboard.
public struct DepartedWorker: Sendable, Equatable {
    /// Its last session.
    public var session: WorkerSession
    /// Dead (silent past the liveness window, or its process crashed) or gone (told to leave).
    public var state: WorkerStatus.State
    /// Tasks re-queued when it departed.
    public var requeued: [Int]
}
