/// How a coordinator listens, how often it heartbeats, and the scheduling rules it enforces.
public struct CoordinatorConfiguration: Sendable {
    /// The ZeroMQ endpoint the ROUTER socket binds, e.g. `tcp://0.0.0.0:5555` or `ipc:///tmp/x.ipc`.
    public var endpoint: String
    /// How often the coordinator and workers send each other heartbeats.
    public var heartbeatInterval: Duration
    /// Credits, liveness, leases and failure rules.
    public var scheduling: SchedulerConfiguration
    /// CURVE keys; nil for plaintext, which ``EndpointSecurity`` allows only on loopback and ipc endpoints.
    public var security: CoordinatorSecurity?
    /// Allow a plaintext bind on a network endpoint (the user's explicit `--insecure`).
    public var allowsInsecureNetwork: Bool
    /// Results held in memory while the store cannot write (e.g. a full disk) before dispatch pauses.
    public var maxUnstoredResults: Int

    /// Creates a configuration; the defaults suit a local run and a cluster alike.
    public init(
        endpoint: String, heartbeatInterval: Duration = .seconds(1), scheduling: SchedulerConfiguration = SchedulerConfiguration(),
        security: CoordinatorSecurity? = nil, allowsInsecureNetwork: Bool = false, maxUnstoredResults: Int = 4096
    ) {
        self.endpoint = endpoint
        self.heartbeatInterval = heartbeatInterval
        self.scheduling = scheduling
        self.security = security
        self.allowsInsecureNetwork = allowsInsecureNetwork
        self.maxUnstoredResults = maxUnstoredResults
    }

    /// The liveness window: a worker silent this long is dead.
    public var liveness: Duration { scheduling.liveness }
}

extension Duration {
    /// The duration in whole milliseconds (rounded down), as the wire protocol carries it.
    public var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
