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
}
