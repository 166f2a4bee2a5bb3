/// What the coordinator knows about one connected worker.
struct WorkerSession {
    /// The worker's ZeroMQ routing identity (its worker id's bytes).
    let identity: [UInt8]
    /// The worker's self-chosen id.
    let id: String
    /// Its host name and process id, for logs and `status`.
    let host: String
    let pid: Int
    /// Tasks it can still accept (READY adds, TASK subtracts).
    var credits = 0
    /// Tasks handed to it without a result yet.
    var inFlight: Set<Int> = []
    /// Monotonic time (seconds) of the last message from it.
    var lastSeen: Double
    /// Trajectory-steps done inside its running tasks, from its last heartbeat.
    var stepsInProgress = 0
    /// Results it returned in this session.
    var tasksDone = 0
    /// Their summed compute time, in seconds.
    var computeSeconds = 0.0
}

/// A worker declared dead or told to leave, kept for the status and the dashboard.
struct DepartedWorker {
    /// Its last session.
    var session: WorkerSession
    /// Dead (silent past the liveness window) or gone (shut down at the end).
    var state: WorkerStatus.State
    /// Tasks re-queued when it died.
    var requeued: [Int]
}
