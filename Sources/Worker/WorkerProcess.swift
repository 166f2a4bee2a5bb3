import Foundation
import Logging
import Sweep
import Synchronization
import Wire
import ZeroMQ

/// A worker: connects a DEALER to the coordinator, says HELLO, computes the tasks it is given and returns
/// their results until SHUTDOWN.
///
/// The network loop runs on the calling thread and computation on a ``TaskExecutor`` thread, so heartbeats
/// keep flowing while a long task computes. If the coordinator is silent past its liveness window the worker
/// reconnects with a fresh socket and says HELLO again; results not yet acknowledged are sent again after
/// the new WELCOME (the coordinator ignores duplicates), so no result is lost when the coordinator restarts.
public final class WorkerProcess: Sendable {
    /// Endpoint, identity and behaviour.
    public let configuration: WorkerConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    /// Creates a worker; nothing connects until ``run()``.
    public init(configuration: WorkerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks ``run()`` to return at its next poll.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
    }

    /// Runs until SHUTDOWN, refusal, abandonment or a stop request.
    ///
    /// - Throws: ``ZeroMQError`` if the socket cannot be created.
    public func run() throws -> WorkerExit {
        var session = try WorkerSessionLoop(configuration: configuration, logger: logger)
        defer { session.close() }
        while !stopRequested.load(ordering: .acquiring) {
            if let exit = try session.iterate() { return exit }
        }
        return .stopped
    }
}

/// The worker's connection state and loop steps.
struct WorkerSessionLoop {
    let configuration: WorkerConfiguration
    let logger: Logger
    let context: Context
    var socket: Socket
    /// Polls `socket`; rebuilt only when a reconnect replaces the socket.
    var poller: Poller
    var executor: TaskExecutor?
    var sweepHash: String?
    var welcomed = false
    var heartbeatInterval = 1.0
    var liveness = 5.0
    var lastHeard: Double
    var lastSent = 0.0
    var lastHello = 0.0
    var coordinatorLostAt: Double?
    /// Results sent but not acknowledged, by task id, kept to resend after a reconnect.
    var unacknowledged: [Int: [[UInt8]]] = [:]

    init(configuration: WorkerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        context = try Context()
        socket = try Self.connect(context: context, configuration: configuration)
        poller = Self.poller(for: socket)
        lastHeard = monotonicSeconds()
        try sayHello()
    }

    static func connect(context: Context, configuration: WorkerConfiguration) throws -> Socket {
        let socket = try context.makeSocket(.dealer)
        try socket.setRoutingID(Array(configuration.workerID.utf8))
        try socket.setLinger(milliseconds: 2000)
        try socket.setReconnectInterval(milliseconds: 100, maximum: 2000)
        try socket.setMaxMessageSize(Int64(WireProtocol.maxPayloadBytes + 64))
        if let security = configuration.security {
            try socket.configureCurveClient(keyPair: security.keyPair, serverPublicKey: security.serverPublicKey)
        }
        try socket.connect(configuration.endpoint)
        return socket
    }

    static func poller(for socket: Socket) -> Poller {
        let poller = Poller()
        _ = poller.register(socket, for: .readable)
        return poller
    }

    mutating func sayHello() throws {
        welcomed = false
        lastHello = monotonicSeconds()
        let hello = Hello(
            workerID: configuration.workerID, host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier), processes: 1, softwareVersion: LyapsweepVersion.current)
        try send(.hello(hello))
    }

    func send(_ message: WireMessage) throws {
        _ = try socket.send(WireCodec.encode(message, version: configuration.protocolVersion), dontWait: true)
    }

    /// One poll cycle. Returns an exit reason when the worker should stop.
    mutating func iterate() throws -> WorkerExit? {
        _ = try poller.poll(timeout: 50)
        while let frames = try socket.receive(dontWait: true) {
            lastHeard = monotonicSeconds()
            coordinatorLostAt = nil
            if let exit = try handle(frames) { return exit }
        }
        let now = monotonicSeconds()
        if let executor, welcomed {
            for finished in executor.takeFinished() {
                let frames = WireCodec.encode(.result(ResultReport(
                    taskID: finished.taskID, result: finished.result, computeSeconds: finished.computeSeconds,
                    trajectorySteps: finished.trajectorySteps)), version: configuration.protocolVersion)
                unacknowledged[finished.taskID] = frames
                _ = try socket.send(frames, dontWait: true)
                try send(.ready(Ready(credits: 1)))
            }
        }
        if welcomed, now - lastSent >= heartbeatInterval {
            lastSent = now
            try send(.heartbeat(Heartbeat(
                currentTaskIDs: executor?.pendingTaskIDs ?? [], stepsDone: executor?.stepsInRunningTask ?? 0)))
        }
        if let parent = configuration.parentPID, getppid() != parent {
            return .abandoned("the parent process \(parent) is gone")
        }
        if now - lastHeard > liveness {
            let lostAt = coordinatorLostAt ?? lastHeard
            coordinatorLostAt = lostAt
            if let limit = configuration.giveUpAfterSeconds, now - lostAt > limit {
                let hint = configuration.security == nil
                    ? " (a coordinator started with --keys admits only CURVE workers)"
                    : " (is this worker's public key in the coordinator's authorized/ folder, and coordinator.pub the coordinator's key?)"
                return .abandoned("no coordinator at \(configuration.endpoint) for \(Int(now - lostAt)) s" + hint)
            }
            if now - lastHello > liveness {
                logger.warning("coordinator silent; reconnecting", metadata: ["endpoint": "\(configuration.endpoint)"])
                socket.close()
                socket = try Self.connect(context: context, configuration: configuration)
                poller = Self.poller(for: socket)
                try sayHello()
            }
        }
        return nil
    }

    /// Acts on one message from the coordinator.
    mutating func handle(_ frames: [[UInt8]]) throws -> WorkerExit? {
        let message: WireMessage
        switch decode(frames) {
        case .success(let decoded):
            message = decoded
        case .failure(let error):
            if case .versionMismatch(let remote, let local) = error.reason {
                let text = "protocol version mismatch: the coordinator speaks lyapsweep wire protocol version \(remote), this worker speaks version \(local)"
                logger.error("refused: \(text)")
                return .refused(text)
            }
            logger.warning("dropped invalid frame from the coordinator", metadata: ["reason": "\(error)"])
            return nil
        }
        switch message {
        case .welcome(let welcome):
            try accept(welcome)
        case .reject(let reject):
            guard reject.asksForHello else {
                logger.error("refused by the coordinator: \(reject.reason)")
                return .refused(reject.reason)
            }
            // Several messages may have been in flight when the coordinator forgot us: answer once.
            if welcomed || monotonicSeconds() - lastHello > heartbeatInterval {
                logger.info("the coordinator does not know this worker (restarted?); saying HELLO again")
                try sayHello()
            }
        case .task(let assignment):
            guard let executor else { return nil }
            if !executor.holds(assignment.taskID) && unacknowledged[assignment.taskID] == nil {
                executor.submit(taskID: assignment.taskID, task: assignment.task)
            }
        case .ack(let ack):
            unacknowledged[ack.taskID] = nil
        case .heartbeat:
            break
        case .shutdown(let shutdown):
            logger.info("shutdown: \(shutdown.reason)")
            return .shutdown
        case .hello, .ready, .result, .statusRequest, .statusReply:
            logger.warning("ignored a message a coordinator should not send")
        }
        return nil
    }

    /// Decodes frames in this worker's protocol version into a message or the reason they are invalid.
    func decode(_ frames: [[UInt8]]) -> Result<WireMessage, WireError> {
        do {
            return .success(try WireCodec.decode(frames, version: configuration.protocolVersion))
        } catch {
            return .failure(error)
        }
    }

    /// Prepares the sweep of a WELCOME (once per sweep), resends unacknowledged results and asks for tasks.
    mutating func accept(_ welcome: Welcome) throws {
        heartbeatInterval = Double(welcome.heartbeatIntervalMilliseconds) / 1000
        liveness = Double(welcome.livenessMilliseconds) / 1000
        if sweepHash != welcome.sweepHash || executor == nil {
            executor?.stop()
            let definition = try SweepFile.parse(text: welcome.sweepText, path: welcome.sweepName + ".toml")
            let context = try welcome.datasetCSV.map { try SweepContext(definition: definition, datasetCSV: $0, file: welcome.sweepName) }
                ?? SweepContext(definition: definition, baseDirectory: FileManager.default.currentDirectoryPath, file: welcome.sweepName)
            executor = TaskExecutor(context: context)
            sweepHash = welcome.sweepHash
            unacknowledged = [:]
        }
        welcomed = true
        for frames in unacknowledged.sorted(by: { $0.key < $1.key }).map(\.value) {
            _ = try socket.send(frames, dontWait: true)
        }
        let busy = executor?.pendingTaskIDs.count ?? 0
        try send(.ready(Ready(credits: max(1, configuration.tasksInFlight - busy))))
        logger.info("welcomed", metadata: ["run": "\(welcome.runID)", "sweep": "\(welcome.sweepName)"])
    }

    func close() {
        executor?.stop()
        socket.close()
    }
}

/// Monotonic seconds, for timeouts.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
