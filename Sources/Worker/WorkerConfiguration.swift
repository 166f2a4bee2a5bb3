import ZeroMQ

/// The CURVE keys of a worker: its own key pair, admitted by the coordinator's list, and the coordinator's public key.
public struct WorkerSecurity: Sendable {
    /// This worker's key pair; its public key must be in the coordinator's `authorized/` folder.
    public var keyPair: CurveKeyPair
    /// The coordinator's public key, 40 Z85 characters; the worker talks to no other server.
    public var serverPublicKey: String

    /// Creates the security settings of a worker.
    ///
    /// - Parameters:
    ///   - keyPair: This worker's key pair.
    ///   - serverPublicKey: The coordinator's public key.
    public init(keyPair: CurveKeyPair, serverPublicKey: String) {
        self.keyPair = keyPair
        self.serverPublicKey = serverPublicKey
    }
}

/// Where a worker connects and how it behaves when the coordinator goes quiet.
public struct WorkerConfiguration: Sendable {
    /// Where to record the task being computed, so that this process's supervisor can report a crash (`--crash-file`).
    public var crashNotePath: String?
    /// A crash of this worker's predecessor to report to the coordinator after WELCOME (`--report-crash`).
    public var predecessorCrash: PredecessorCrash?
    /// The coordinator's endpoint, e.g. `tcp://head-node:5555`.
    public var endpoint: String
    /// This worker's id, also its ZeroMQ routing identity (default: host-pid-random).
    public var workerID: String
    /// The fewest tasks to hold at once: one computing, the rest queued so the core never waits for the network.
    ///
    /// The worker asks for more, up to ``maximumTasksInFlight``, when its tasks are short next to the round
    /// trip to the coordinator: it aims at 1 + ⌈round trip / mean task time⌉ tasks.
    public var tasksInFlight: Int
    /// The most tasks to hold at once however short they are (≥ ``tasksInFlight``; equal to it turns the
    /// adaptation off). The coordinator may cap it lower.
    public var maximumTasksInFlight: Int
    /// Give up (exit non-zero) after this long without any coordinator, in seconds; nil waits forever.
    public var giveUpAfterSeconds: Double?
    /// Exit when this process id is no longer the parent (set by `lyapsweep run` for its local workers).
    public var parentPID: Int32?
    /// The wire protocol version to speak (only tests change it, to check refusals).
    public var protocolVersion: UInt16
    /// CURVE keys; nil connects in plaintext (which a CURVE coordinator never admits).
    public var security: WorkerSecurity?

    /// Creates a configuration.
    public init(
        endpoint: String, workerID: String, tasksInFlight: Int = 2, maximumTasksInFlight: Int = 64,
        giveUpAfterSeconds: Double? = nil, parentPID: Int32? = nil, protocolVersion: UInt16, security: WorkerSecurity? = nil,
        crashNotePath: String? = nil, predecessorCrash: PredecessorCrash? = nil
    ) {
        self.crashNotePath = crashNotePath
        self.predecessorCrash = predecessorCrash
        self.security = security
        self.endpoint = endpoint
        self.workerID = workerID
        self.tasksInFlight = tasksInFlight
        self.maximumTasksInFlight = maximumTasksInFlight
        self.giveUpAfterSeconds = giveUpAfterSeconds
        self.parentPID = parentPID
        self.protocolVersion = protocolVersion
    }
}

/// Why a worker stopped.
public enum WorkerExit: Sendable, Equatable {
    /// The coordinator said the sweep is complete.
    case shutdown
    /// The coordinator refused this worker (e.g. another protocol version); the reason says why.
    case refused(String)
    /// No coordinator answered within the give-up time, or the parent process went away.
    case abandoned(String)
    /// A stop was requested (SIGTERM/SIGINT).
    case stopped
}
