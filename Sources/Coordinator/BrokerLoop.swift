import Analysis
import Foundation
import Logging
import Store
import Sweep
import Wire
import ZeroMQ

/// The state and steps of the coordinator's event loop; lives on the thread that runs ``Coordinator/run()``.
struct BrokerLoop {
    unowned let coordinator: Coordinator
    let sweep: LoadedSweep
    let store: ResultStore
    let configuration: CoordinatorConfiguration
    let logger: Logger
    let context: Context
    let socket: Socket
    /// Admits only authorized CURVE workers; started before the bind, stopped after the socket closes.
    let authenticator: ZAPHandler?
    /// Logs handshakes that fail before authentication (a plaintext worker meeting a CURVE coordinator).
    let handshakeMonitor: SocketMonitor?
    let poller: Poller
    let endpoint: String
    let runID: String

    var sessions: [[UInt8]: WorkerSession] = [:]
    var queue: TaskQueue
    var done: Set<Int>
    var failed: Set<Int>
    var table: LambdaTable
    var rejected = RejectedFrames()
    var progress = CoordinatorProgress()
    var lastHeartbeatSent = 0.0
    var lastCounterFlush = 0.0
    let stepsPerTask: Int
    var metrics: CoordinatorMetrics
    /// λ_nMLE without bootstrap, for the ``StatusBoard``.
    var live: LiveLambda
    /// Workers declared dead or told to leave, by identity, until they say HELLO again.
    var departed: [[UInt8]: DepartedWorker] = [:]
    /// Monotonic time the loop started, for rates.
    let started = monotonicSeconds()
    var lastPublished = -Double.infinity

    init(coordinator: Coordinator, logger: Logger) throws {
        self.coordinator = coordinator
        sweep = coordinator.sweep
        store = coordinator.store
        configuration = coordinator.configuration
        self.logger = logger
        runID = UUID().uuidString
        let definition = sweep.definition
        stepsPerTask = (definition.training.perturbAt + (definition.training.steps + 1) * definition.ensembleSpec.trajectoryCount)
        table = LambdaTable(definition: definition)
        live = LiveLambda(definition: definition)
        let storedFits = try store.fits()
        table.add(storedFits)
        live.add(storedFits)
        metrics = CoordinatorMetrics(factory: coordinator.metricsFactory)
        done = Set(try store.taskIDs(state: .done))
        failed = Set(try store.taskIDs(state: .failed))
        queue = TaskQueue(try store.taskIDs(state: .pending))
        progress.total = definition.training.etas.count * definition.ensemble.ics
        try EndpointSecurity.checkBind(
            configuration.endpoint, secured: configuration.security != nil, insecure: configuration.allowsInsecureNetwork)
        context = try Context()
        authenticator = try Self.startAuthenticator(configuration.security, context: context, logger: logger)
        socket = try context.makeSocket(.router)
        if let security = configuration.security {
            try socket.configureCurveServer(keyPair: security.keyPair)
            try socket.setZAPDomain("lyapsweep")
            handshakeMonitor = try SocketMonitor(socket: socket, events: .handshakeFailedProtocol) { event in
                logger.warning("connection refused: \(event)")
            }
        } else {
            handshakeMonitor = nil
        }
        try socket.setLinger(milliseconds: 1000)
        try socket.setRouterMandatory(true)
        try socket.setRouterHandover(true)
        // Frames up to 4× the protocol limit reach validation (and are counted as oversized); larger ones
        // make libzmq drop the connection before they are buffered.
        try socket.setMaxMessageSize(Int64(4 * WireProtocol.maxPayloadBytes))
        try socket.bind(configuration.endpoint)
        endpoint = (try? socket.lastEndpoint) ?? configuration.endpoint
        poller = Poller()
        _ = poller.register(socket, for: .readable)
        logger.info("coordinator listening", metadata: [
            "endpoint": "\(endpoint)", "run": "\(runID)", "pending": "\(queue.count)", "done": "\(done.count)",
            "security": "\(configuration.security.map { "CURVE, \($0.authorizedWorkerKeys.count) authorized worker keys" } ?? "none (plaintext)")",
        ])
    }

    /// Starts the ZAP handler that admits the authorized worker keys and logs every refusal; nil without keys.
    static func startAuthenticator(_ security: CoordinatorSecurity?, context: Context, logger: Logger) throws -> ZAPHandler? {
        guard let security else { return nil }
        return try ZAPHandler(context: context, allowedPublicKeys: security.authorizedWorkerKeys) { refusal in
            logger.warning("connection refused: \(refusal.reason)", metadata: [
                "peer": "\(refusal.address)", "mechanism": "\(refusal.mechanism)",
                "key": "\(refusal.clientPublicKey ?? "-")",
            ])
        }
    }

    /// One poll cycle: receive everything waiting, then heartbeats, liveness and dispatch.
    /// - Returns: true when the sweep is complete.
    mutating func iterate() throws -> Bool {
        _ = try poller.poll(timeout: configuration.heartbeatIntervalMilliseconds / 4)
        var received = 0
        while received < 10_000, let frames = try socket.receive(dontWait: true) {
            received += 1
            try handle(frames)
        }
        let now = monotonicSeconds()
        if now - lastHeartbeatSent >= Double(configuration.heartbeatIntervalMilliseconds) / 1000 {
            lastHeartbeatSent = now
            let interval = Double(configuration.heartbeatIntervalMilliseconds) / 1000
            for (identity, session) in sessions {
                send(.heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: 0)), to: identity)
                if now - session.lastSeen > 1.5 * interval { metrics.heartbeatsMissed.increment() }
            }
            try checkLiveness(now: now)
        }
        try dispatch()
        if now - lastCounterFlush >= 2 { try flushCounters(); lastCounterFlush = now }
        updateProgress()
        if done.count + failed.count == progress.total {
            try finish()
            return true
        }
        if now - lastPublished >= 0.25 { publishStatus(now: now) }
        return false
    }

    /// Hands queued tasks to workers with credit, the emptiest worker first.
    mutating func dispatch() throws {
        while queue.count > 0 {
            guard let identity = sessions.values
                .filter({ $0.credits > 0 && $0.inFlight.count < configuration.maxTasksPerWorker })
                .min(by: { ($0.inFlight.count, $0.id) < ($1.inFlight.count, $1.id) })?.identity
            else { return }
            guard let id = queue.next() else { return }
            if done.contains(id) || failed.contains(id) { continue }
            let icCount = sweep.definition.ensemble.ics
            let task = SweepTask(icIndex: id % icCount, etaIndex: id / icCount)
            let lease = configuration.livenessMilliseconds
            guard send(.task(TaskAssignment(taskID: id, task: task, leaseMilliseconds: lease)), to: identity) else {
                // Unreachable (gone, or its queue is full): no more tasks for it until its next READY;
                // the liveness check re-queues what it holds if it is dead.
                queue.requeue(id)
                sessions[identity]?.credits = 0
                continue
            }
            sessions[identity]?.credits -= 1
            sessions[identity]?.inFlight.insert(id)
        }
    }

    /// Declares workers silent past the liveness window dead and re-queues their tasks.
    mutating func checkLiveness(now: Double) throws {
        let window = Double(configuration.livenessMilliseconds) / 1000
        for (identity, session) in sessions where now - session.lastSeen > window {
            sessions[identity] = nil
            logger.warning("worker dead: silent past the liveness window", metadata: [
                "worker": "\(session.id)", "host": "\(session.host)", "pid": "\(session.pid)",
                "silent_seconds": "\(String(format: "%.1f", now - session.lastSeen))", "requeued": "\(session.inFlight.sorted())",
            ])
            try store.updateWorker(id: session.id, state: "dead", lastSeen: Date().timeIntervalSince1970 - (now - session.lastSeen))
            departed[identity] = DepartedWorker(session: session, state: .dead, requeued: session.inFlight.sorted())
            try requeue(session.inFlight, countFailure: true)
        }
    }

    /// Puts tasks back in the queue; with `countFailure`, a task that lost its worker `failAfter` times fails.
    mutating func requeue(_ ids: Set<Int>, countFailure: Bool) throws {
        for id in ids.sorted() where !done.contains(id) && !isInFlightElsewhere(id) {
            let failures = countFailure ? try store.requeue(taskID: id, countFailure: true, failAfter: configuration.failAfter) : 0
            if failures >= configuration.failAfter {
                failed.insert(id)
                logger.error("task failed: its attempts were lost with their worker \(failures) times; not retried", metadata: ["task": "\(id)"])
            } else {
                queue.requeue(id)
                progress.retries += 1
            }
        }
    }

    func isInFlightElsewhere(_ id: Int) -> Bool {
        sessions.values.contains { $0.inFlight.contains(id) }
    }

    mutating func updateProgress() {
        progress.done = done.count
        progress.failed = failed.count
        progress.running = sessions.values.reduce(0) { $0 + $1.inFlight.count }
        progress.workersAlive = sessions.count
        progress.rejectedFrames = rejected.total
        progress.stepsInProgress = sessions.values.reduce(0) { $0 + $1.stepsInProgress }
        coordinator.progress.withLock { $0 = progress }
        metrics.recordTasks(progress)
    }

    /// Sends SHUTDOWN to every worker and records the end of the run.
    mutating func finish() throws {
        for identity in sessions.keys {
            send(.shutdown(Shutdown(reason: "sweep complete")), to: identity)
        }
        for (identity, session) in sessions {
            try store.updateWorker(id: session.id, state: "gone", lastSeen: Date().timeIntervalSince1970)
            departed[identity] = DepartedWorker(session: session, state: .gone, requeued: [])
        }
        sessions = [:]
        try flushCounters()
        try store.finishRun()
        logger.info("sweep complete", metadata: ["done": "\(done.count)", "failed": "\(failed.count)"])
    }

    mutating func flushCounters() throws {
        for (name, count) in rejected.takeUnflushed() {
            try store.addToCounter("rejected_frames.\(name)", count)
        }
    }

    func summary() throws -> CoordinatorSummary {
        CoordinatorSummary(
            rows: table.rows(), progress: progress, rejectedByReason: rejected.byReason,
            complete: done.count + failed.count == progress.total)
    }

    func close() {
        handshakeMonitor?.stop()
        socket.close()
        authenticator?.stop()
    }

    /// Sends a message to one peer; false if the peer is gone (ROUTER_MANDATORY) or cannot take it now.
    @discardableResult
    func send(_ message: WireMessage, to identity: [UInt8]) -> Bool {
        do {
            return try socket.send([identity] + WireCodec.encode(message), dontWait: true)
        } catch {
            logger.debug("send failed", metadata: ["peer": "\(PeerName.of(identity))", "error": "\(error)"])
            return false
        }
    }
}

/// Monotonic seconds, for timeouts.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
