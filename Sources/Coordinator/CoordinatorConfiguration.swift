/// How a coordinator listens, how it judges workers alive, and when it gives up on a task.
public struct CoordinatorConfiguration: Sendable {
    /// The ZeroMQ endpoint the ROUTER socket binds, e.g. `tcp://0.0.0.0:5555` or `ipc:///tmp/x.ipc`.
    public var endpoint: String
    /// How often the coordinator and workers send each other heartbeats, in milliseconds.
    public var heartbeatIntervalMilliseconds: Int
    /// A worker silent this long is dead and its tasks are re-queued, in milliseconds.
    public var livenessMilliseconds: Int
    /// A task whose attempts were lost with their worker this many times is marked failed, not retried.
    public var failAfter: Int
    /// Most tasks one worker may hold at once, whatever credits it asks for.
    public var maxTasksPerWorker: Int
    /// CURVE keys; nil for plaintext, which ``EndpointSecurity`` allows only on loopback and ipc endpoints.
    public var security: CoordinatorSecurity?
    /// Allow a plaintext bind on a network endpoint (the user's explicit `--insecure`).
    public var allowsInsecureNetwork: Bool

    /// Creates a configuration; the defaults suit a local run and a cluster alike.
    public init(
        endpoint: String, heartbeatIntervalMilliseconds: Int = 1000, livenessMilliseconds: Int = 5000,
        failAfter: Int = 3, maxTasksPerWorker: Int = 2, security: CoordinatorSecurity? = nil,
        allowsInsecureNetwork: Bool = false
    ) {
        self.endpoint = endpoint
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.livenessMilliseconds = livenessMilliseconds
        self.failAfter = failAfter
        self.maxTasksPerWorker = maxTasksPerWorker
        self.security = security
        self.allowsInsecureNetwork = allowsInsecureNetwork
    }
}
