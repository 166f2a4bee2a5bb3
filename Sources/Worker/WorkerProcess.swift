import Dynamics
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
/// keep flowing while a long task computes. The network loop never waits on a timer for work: it blocks until
/// the socket is readable, the compute thread rings a ``WakeupSignal`` (a result is ready) or the next
/// heartbeat or liveness deadline, so a result leaves as soon as it is computed. It asks for as many tasks as
/// cover a round trip to the coordinator (``CreditController``). If the coordinator is silent past its
/// liveness window the worker reconnects with a fresh socket and says HELLO again; results not yet
/// acknowledged are sent again after the new WELCOME (the coordinator ignores duplicates), so no result is
/// lost when the coordinator restarts, and a re-sent TASK is never computed twice (``TaskLedger``).
public final class WorkerProcess: Sendable {
    /// Endpoint, identity and behaviour.
    public let configuration: WorkerConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    /// The running loop's wake-up, rung by ``requestStop()``; nil outside ``run()``.
    private let wakeup = Mutex<WakeupSignal?>(nil)
    private let statisticsBox = WorkerStatisticsBox()

    /// Creates a worker; nothing connects until ``run()``.
    public init(configuration: WorkerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Makes ``run()`` return ``WorkerExit/stopped`` at once; a task computing now finishes in the background
    /// and its result is dropped. Callable from any thread.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        wakeup.withLock { $0?.signal() }
    }

    /// The worker's measurements so far: per-task overhead, result waits, credits (also logged at exit).
    public var statistics: WorkerStatistics { statisticsBox.snapshot }

    /// Runs until SHUTDOWN, refusal, abandonment or a stop request.
    ///
    /// - Throws: ``ZeroMQError`` if the socket or the wake-up signal cannot be created.
    public func run() throws -> WorkerExit {
        let signal = try WakeupSignal()
        wakeup.withLock { $0 = signal }
        var session = try WorkerSessionLoop(configuration: configuration, logger: logger, wakeup: signal, statistics: statisticsBox)
        defer {
            session.close()
            wakeup.withLock { $0 = nil }
            logger.info("worker statistics: \(statisticsBox.snapshot.summary)")
        }
        while !stopRequested.load(ordering: .acquiring) {
            if let exit = try session.iterate() { return exit }
        }
        return .stopped
    }
}

/// The worker's connection state and loop steps.
struct WorkerSessionLoop {
    /// The longest the loop blocks with nothing to do, in seconds (how soon a dead parent is noticed).
    static let longestWait = 0.5
    /// The poller index of the socket.
    static let socketIndex = 0
    /// The poller index of the wake-up signal.
    static let wakeupIndex = 1

    let configuration: WorkerConfiguration
    let logger: Logger
    let context: Context
    var socket: Socket
    /// Polls `socket` and `wakeup`; rebuilt only when a reconnect replaces the socket.
    var poller: Poller
    /// Rung by the compute thread when a result is ready, and by ``WorkerProcess/requestStop()``.
    let wakeup: WakeupSignal
    let statistics: WorkerStatisticsBox
    var executor: TaskExecutor?
    /// The sweep being computed (for the fits each RESULT carries), from the last WELCOME.
    var definition: SweepDefinition?
    /// Whether the predecessor's crash was reported.
    var crashReported = false
    /// Where the compute thread records the task it computes, for this process's supervisor.
    let crashNote: CrashNote?
    var sweepHash: String?
    var welcomed = false
    var heartbeatInterval = 1.0
    var liveness = 5.0
    var lastHeard: Double
    var lastSent = 0.0
    var lastHello = 0.0
    var coordinatorLostAt: Double?
    /// Tasks computing, results unacknowledged, and what the coordinator assigned in this session.
    var ledger = TaskLedger()
    /// How many tasks to ask for.
    var credits: CreditController

    init(configuration: WorkerConfiguration, logger: Logger, wakeup: WakeupSignal, statistics: WorkerStatisticsBox) throws {
        self.configuration = configuration
        self.logger = logger
        self.wakeup = wakeup
        self.statistics = statistics
        crashNote = try configuration.crashNotePath.map { try CrashNote(path: $0) }
        credits = CreditController(minimum: configuration.tasksInFlight, maximum: configuration.maximumTasksInFlight)
        context = try Context()
        socket = try Self.connect(context: context, configuration: configuration)
        poller = Self.poller(for: socket, wakeup: wakeup)
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

    static func poller(for socket: Socket, wakeup: WakeupSignal) -> Poller {
        let poller = Poller()
        let socketAt = poller.register(socket, for: .readable)
        let wakeupAt = poller.register(wakeup)
        assert(socketAt == socketIndex && wakeupAt == wakeupIndex)
        return poller
    }

    mutating func sayHello() throws {
        welcomed = false
        lastHello = monotonicSeconds()
        let held = Set(ledger.computing).union(ledger.unacknowledgedIDs).sorted().prefix(Hello.maxHeldTaskIDs)
        let hello = Hello(
            workerID: configuration.workerID, host: ProcessInfo.processInfo.hostName,
            pid: Int(ProcessInfo.processInfo.processIdentifier), processes: 1, softwareVersion: LyapsweepVersion.current,
            heldTaskIDs: Array(held), kernelVariant: KernelVariant.active.rawValue)
        try send(.hello(hello))
    }

    func send(_ message: WireMessage) throws {
        _ = try socket.send(WireCodec.encode(message, version: configuration.protocolVersion), dontWait: true)
    }

    /// Sends READY with `count` credits unless `count` is 0.
    mutating func askFor(_ count: Int) throws {
        guard count > 0 else { return }
        try send(.ready(Ready(credits: count)))
        askedFor(count)
    }

    /// Records `count` credits asked for, by a READY or on a RESULT.
    mutating func askedFor(_ count: Int) {
        guard count > 0 else { return }
        credits.sentReady(credits: count, at: monotonicSeconds())
        statistics.update { $0.creditsRequested += count }
    }

    /// How long the next poll may block, in milliseconds: until the next heartbeat, liveness or give-up
    /// deadline, at most ``longestWait``. Messages and finished results end the wait earlier.
    func pollTimeoutMilliseconds(now: Double) -> Int {
        var deadline = now + Self.longestWait
        if welcomed { deadline = min(deadline, lastSent + heartbeatInterval) }
        if now - lastHeard <= liveness {
            deadline = min(deadline, lastHeard + liveness)
        } else {
            deadline = min(deadline, lastHello + liveness)
            if let limit = configuration.giveUpAfterSeconds { deadline = min(deadline, (coordinatorLostAt ?? lastHeard) + limit) }
        }
        return max(0, Int(((deadline - now) * 1000).rounded(.up)))
    }

    /// One loop step: waits for a message, a finished result or a deadline, then acts on all of them.
    /// Returns an exit reason when the worker should stop.
    mutating func iterate() throws -> WorkerExit? {
        _ = try poller.poll(timeout: pollTimeoutMilliseconds(now: monotonicSeconds()))
        // Drain before taking results: a result finished after this drain rings again and ends the next poll.
        if !poller.events(at: Self.wakeupIndex).isEmpty { wakeup.drain() }
        while true {
            let started = monotonicSeconds()
            guard let frames = try socket.receive(dontWait: true) else { break }
            lastHeard = monotonicSeconds()
            coordinatorLostAt = nil
            if let exit = try handle(frames, receivedAt: started) { return exit }
        }
        try sendFinishedResults()
        let now = monotonicSeconds()
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
                poller = Self.poller(for: socket, wakeup: wakeup)
                try sayHello()
            }
        }
        return nil
    }

    /// Sends the result of every task the compute thread finished, each asking for the tasks that replace it
    /// (``ResultReport/credits``); while not welcomed they are kept (unacknowledged) and sent after the next
    /// WELCOME. The kept copy asks for nothing: a resent result is followed by a READY of its own.
    mutating func sendFinishedResults() throws {
        guard let executor else { return }
        for finished in executor.takeFinished() {
            let started = monotonicSeconds()
            guard let definition else { continue }
            let frames = WireCodec.encode(.result(ResultReport(
                taskID: finished.taskID, result: finished.result, definition: definition, computeSeconds: finished.computeSeconds,
                trajectorySteps: finished.trajectorySteps)), version: configuration.protocolVersion)
            credits.recordTask(seconds: finished.computeSeconds)
            let freesSlot = ledger.resultReady(finished.taskID, frames: frames, at: started)
            if welcomed {
                let asked = freesSlot ? credits.creditsAfterResult(stillHeld: ledger.assignedThisSession.count) : 0
                _ = try socket.send(WireCodec.result(frames, withCredits: asked), dontWait: true)
                askedFor(asked)
            }
            let sentAt = monotonicSeconds()
            let (welcomed, target) = (welcomed, credits.target)
            statistics.update { statistics in
                statistics.tasksComputed += 1
                statistics.computeSeconds += finished.computeSeconds
                statistics.computeStarvedSeconds += finished.starvedSeconds
                statistics.targetInFlight = target
                statistics.largestTargetInFlight = max(statistics.largestTargetInFlight, target)
                if welcomed {
                    statistics.resultsSent += 1
                    statistics.encodeSend.record(sentAt - started)
                    statistics.resultWait.record(sentAt - finished.finishedAt)
                }
            }
        }
    }

    /// Acts on one message from the coordinator.
    ///
    /// - Parameter receivedAt: When its receive began, in ``monotonicSeconds()`` (for the statistics).
    mutating func handle(_ frames: [[UInt8]], receivedAt: Double) throws -> WorkerExit? {
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
            for id in assignment.acknowledgedTaskIDs { acknowledge(id) }
            try take(assignment, receivedAt: receivedAt)
        case .ack(let ack):
            acknowledge(ack.taskID)
        case .heartbeat:
            break
        case .shutdown(let shutdown):
            logger.info("shutdown: \(shutdown.reason)")
            return .shutdown
        case .hello, .ready, .result, .statusRequest, .statusReply, .crashReport:
            logger.warning("ignored a message a coordinator should not send")
        }
        return nil
    }

    /// Forgets a result the coordinator stored (an ACK, or an id a TASK carried) and measures its round trip.
    mutating func acknowledge(_ taskID: Int) {
        guard let sentAt = ledger.acknowledged(taskID) else { return }
        let trip = monotonicSeconds() - sentAt
        credits.recordAcknowledgement(seconds: trip)
        let target = credits.target
        statistics.update { statistics in
            statistics.acknowledgementRoundTrip.record(trip)
            statistics.targetInFlight = target
            statistics.largestTargetInFlight = max(statistics.largestTargetInFlight, target)
        }
    }

    /// Decodes frames in this worker's protocol version into a message or the reason they are invalid.
    func decode(_ frames: [[UInt8]]) -> Result<WireMessage, WireError> {
        do {
            return .success(try WireCodec.decode(frames, version: configuration.protocolVersion))
        } catch {
            return .failure(error)
        }
    }

    /// Hands a new task to the compute thread; a task already computing is ignored, and one already computed
    /// (result unacknowledged) is answered with its result again instead of being computed twice.
    mutating func take(_ assignment: TaskAssignment, receivedAt: Double) throws {
        guard let executor else { return }
        if let trip = credits.receivedTask(at: receivedAt) {
            statistics.update { $0.creditRoundTrip.record(trip) }
        }
        switch ledger.assign(assignment.taskID) {
        case .compute:
            executor.submit(taskID: assignment.taskID, task: assignment.task)
            let handedOver = monotonicSeconds()
            statistics.update { statistics in
                statistics.tasksAccepted += 1
                statistics.receiveDecode.record(handedOver - receivedAt)
            }
        case .alreadyComputing:
            statistics.update { $0.duplicateTasks += 1 }
        case .resend(let frames):
            _ = try socket.send(frames, dontWait: true)
            statistics.update { statistics in
                statistics.duplicateTasks += 1
                statistics.resultsResent += 1
            }
            try askFor(credits.creditsAfterResult(stillHeld: ledger.assignedThisSession.count))
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
            let wakeup = self.wakeup
            executor = TaskExecutor(context: context, crashNote: crashNote, onFinished: { wakeup.signal() })
            self.definition = definition
            sweepHash = welcome.sweepHash
            ledger.reset()
            credits = CreditController(minimum: configuration.tasksInFlight, maximum: configuration.maximumTasksInFlight)
        }
        welcomed = true
        // The coordinator re-queued whatever it had assigned us: start counting afresh, and ask for a full
        // complement (tasks we still compute may come back as duplicates, which are not computed again).
        let resend = ledger.startSession()
        for frames in resend {
            _ = try socket.send(frames, dontWait: true)
        }
        statistics.update { $0.resultsResent += resend.count }
        if let crash = configuration.predecessorCrash, !crashReported {
            try send(.crashReport(CrashReport(taskID: crash.taskID, reason: crash.reason, crashedWorkerID: crash.workerID)))
            crashReported = true
            logger.warning("reported that the previous worker process crashed", metadata: [
                "crashed_worker": "\(crash.workerID)", "task": "\(crash.taskID)", "reason": "\(crash.reason)"])
        }
        try askFor(credits.creditsAtWelcome())
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
