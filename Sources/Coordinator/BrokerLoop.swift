import Analysis
import Foundation
import Logging
import Store
import Sweep
import Wire
import ZeroMQ

/// The coordinator's I/O: it turns frames into ``SchedulerEvent``s and carries out the ``SchedulerAction``s that
/// come back — sends on the ROUTER socket, group commits to the store, metrics and logs. The rules themselves are
/// in ``Scheduler``. Lives on the thread that runs ``Coordinator/run()``.
struct BrokerLoop {
    unowned let coordinator: Coordinator
    let sweep: LoadedSweep
    /// The user dataset every WELCOME carries (``LoadedSweep/datasetCSV``), read once: an IDX subset takes a
    /// second to read and convert, and every worker must get the same samples.
    let datasetCSV: String?
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
    /// What each message type may weigh: a RESULT no more than this sweep's largest legal one.
    let limits: WireLimits
    /// Results accepted so far, to verify every 64th one's fits against the coordinator's own.
    var resultsAccepted = 0

    var scheduler: Scheduler
    /// Accepted results waiting for the next group commit, in arrival order.
    var unstored: [ResultSubmission] = []
    /// Tasks the scheduler assigned during this cycle, sent after its commit (see ``sendAssignments()``).
    var assignments: [(peer: PeerIdentity, taskID: Int, lease: Duration)] = []
    /// Workers that said HELLO during this cycle, recorded in the store together (``registerWorkers()``).
    var registrations: [WorkerRegistration] = []
    /// The ACKs this cycle owes, by worker, in order; sent with the cycle's TASKs (``sendAssignments()``).
    var acknowledgements: [PeerIdentity: [Int]] = [:]
    /// When the last commit failed (the store could not write), for the retry delay.
    var lastFailedCommit: ContinuousClock.Instant?
    var rejected = RejectedFrames()
    var metrics: CoordinatorMetrics
    /// λ_nMLE without bootstrap, for the ``StatusBoard``.
    var live: LiveLambda
    let stepsPerTask: Int
    /// Trajectory-steps of the results stored in this session.
    var trajectorySteps = 0
    /// Status requests answered in the current second, for the rate limit.
    var statusReplies = StatusRateLimit()
    var lastHeartbeatSent: ContinuousClock.Instant
    var lastCounterFlush: ContinuousClock.Instant
    /// When the scheduler last checked liveness and leases.
    var lastTick: ContinuousClock.Instant
    var lastPublished: ContinuousClock.Instant?
    let started = ContinuousClock.now
    var complete = false
    /// The decisions of a sweep with a precision target; nil for a sweep of fixed size.
    var precisionPlan: PrecisionPlan?
    /// The plan's rows for the status: refreshed with every decision, and at most once a second in between (a
    /// bootstrap interval per row can be costly).
    var precisionState: PrecisionState?
    var precisionStateRefreshed = ContinuousClock.now
    /// The decisions of an onset search; nil for a sweep without one.
    var onsetPlan: OnsetPlan?
    /// The search's state as last recorded, for the status.
    var onsetState: OnsetState?

    init(coordinator: Coordinator, logger: Logger) throws {
        self.coordinator = coordinator
        sweep = coordinator.sweep
        datasetCSV = coordinator.sweep.datasetCSV
        store = coordinator.store
        configuration = coordinator.configuration
        self.logger = logger
        runID = UUID().uuidString
        let definition = sweep.definition
        stepsPerTask = definition.trajectoryStepsPerTask
        limits = WireLimits(for: definition)
        live = LiveLambda(definition: definition)
        let fits = try store.fits()
        live.add(fits)
        metrics = CoordinatorMetrics(factory: coordinator.metricsFactory)
        let absent: [Int], unsearched: [Int]
        (precisionPlan, absent) = try Self.resumePlan(definition: definition, store: store, fits: fits)
        precisionState = precisionPlan.map(PrecisionState.init)
        (onsetPlan, unsearched) = try Self.resumeOnset(definition: definition, store: store, fits: fits)
        onsetState = onsetPlan?.state()
        scheduler = Scheduler(
            total: definition.taskCapacity, done: try store.taskIDs(state: .done), failed: try store.taskIDs(state: .failed),
            absent: absent + unsearched, configuration: configuration.scheduling, now: started)
        lastHeartbeatSent = started
        lastCounterFlush = started
        lastTick = started
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
        // A frame larger than the largest legal message of this sweep makes libzmq drop the connection before the
        // frame is buffered; a frame under it but over its type's limit is counted and dropped before decoding.
        try socket.setMaxMessageSize(Int64(Self.socketMessageLimit(limits)))
        try socket.bind(configuration.endpoint)
        endpoint = (try? socket.lastEndpoint) ?? configuration.endpoint
        poller = Poller()
        _ = poller.register(socket, for: .readable)
        logger.info("coordinator listening", metadata: [
            "endpoint": "\(endpoint)", "run": "\(runID)", "pending": "\(scheduler.total - scheduler.doneCount - scheduler.failedCount)",
            "done": "\(scheduler.doneCount)", "failed": "\(scheduler.failedCount)",
            "security": "\(configuration.security.map { "CURVE, \($0.authorizedWorkerKeys.count) authorized worker keys" } ?? "none (plaintext)")",
        ])
        // A sweep with nothing left is complete at once.
        perform(scheduler.handle(.tick, now: started))
        sendAssignments()
    }

    /// The largest frame the socket reads: the largest legal message a worker sends (this sweep's largest RESULT,
    /// or a HELLO or HEARTBEAT at their 64 KiB limits), plus 4 KiB for the header.
    static func socketMessageLimit(_ limits: WireLimits) -> Int {
        max(limits.resultPayloadBytes, limits.maxPayloadBytes(for: .hello), limits.maxPayloadBytes(for: .heartbeat)) + 4096
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

    /// One cycle: receive everything waiting, commit what was accepted in one transaction, acknowledge it, then
    /// heartbeats, liveness and leases.
    /// - Returns: true when the sweep is complete.
    mutating func iterate() throws -> Bool {
        let tick = configuration.heartbeatInterval / 4
        _ = try poller.poll(timeout: unstored.isEmpty ? tick.milliseconds : 0)
        // One cycle's results are one commit: at most 10,000 messages or 64 MiB, so memory stays bounded when
        // results are large.
        var received = 0, bytes = 0
        while received < 10_000, bytes < 64 << 20, let frames = try socket.receive(dontWait: true) {
            received += 1
            bytes += frames.reduce(0) { $0 + $1.count }
            handle(frames)
        }
        let now = ContinuousClock.now
        registerWorkers()
        commitUnstored(now: now)
        if precisionPlan != nil { grow(adding: [], now: now) }
        if onsetPlan != nil { growOnset(adding: [], now: now) }
        // Liveness and leases look at every worker and every lease: at most every 50 ms, not every cycle (a
        // thousand workers keep cycles coming every few milliseconds).
        if now - lastTick >= .milliseconds(50) {
            lastTick = now
            perform(scheduler.handle(.tick, now: now))
        }
        sendAssignments()
        if now - lastHeartbeatSent >= configuration.heartbeatInterval {
            lastHeartbeatSent = now
            for (identity, session) in scheduler.sessions {
                send(.heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: 0)), to: identity)
                if now - session.lastSeen > configuration.heartbeatInterval * 1.5 { metrics.heartbeatsMissed.increment() }
            }
        }
        if now - lastCounterFlush >= .seconds(2) {
            flushCounters()
            lastCounterFlush = now
        }
        if complete && unstored.isEmpty {
            finish()
            return true
        }
        if lastPublished.map({ now - $0 >= .milliseconds(250) }) ?? true { publishStatus(now: now) }
        return false
    }

    /// Records the cycle's new workers in one transaction (bookkeeping for status and reports: a store that
    /// cannot write loses only that).
    mutating func registerWorkers() {
        guard !registrations.isEmpty else { return }
        do {
            try store.registerWorkers(registrations)
        } catch {
            logger.error("cannot record workers in the store", metadata: [
                "database": "\(store.path)", "workers": "\(registrations.count)", "error": "\(error)"])
        }
        registrations.removeAll(keepingCapacity: true)
    }

    /// Writes the accepted results in one durable transaction and acknowledges them; if the store cannot write,
    /// keeps them (pausing dispatch past ``CoordinatorConfiguration/maxUnstoredResults``) and retries every second.
    mutating func commitUnstored(now: ContinuousClock.Instant) {
        guard !unstored.isEmpty else { return }
        if let failed = lastFailedCommit, now - failed < .seconds(1) { return }
        let outcome: [Bool]
        do {
            outcome = try store.storeResults(unstored)
        } catch {
            if lastFailedCommit == nil {
                logger.error("cannot store results; they are kept in memory and the write is retried every second", metadata: [
                    "database": "\(store.path)", "waiting": "\(unstored.count)", "error": "\(error)",
                ])
            }
            lastFailedCommit = now
            scheduler.dispatchPaused = unstored.count >= configuration.maxUnstoredResults
            return
        }
        if lastFailedCommit != nil {
            logger.notice("the store writes again", metadata: ["database": "\(store.path)", "stored": "\(unstored.count)"])
            lastFailedCommit = nil
        }
        scheduler.dispatchPaused = false
        for (pending, stored) in zip(unstored, outcome) where stored {
            live.add(pending.fits)
            trajectorySteps += stepsPerTask
            metrics.resultsStored.increment()
            metrics.trajectorySteps.increment(by: stepsPerTask)
            metrics.taskDuration.recordSeconds(pending.computeSeconds)
        }
        let ids = unstored.map(\.taskID)
        if precisionPlan != nil { grow(adding: zip(unstored, outcome).filter(\.1).flatMap(\.0.fits), now: now) }
        if onsetPlan != nil { growOnset(adding: zip(unstored, outcome).filter(\.1).flatMap(\.0.fits), now: now) }
        unstored.removeAll(keepingCapacity: true)
        perform(scheduler.handle(.stored(ids), now: now))
    }

    /// Sends the cycle's ACKs and the TASKs assigned during it, after its commit: a TASK to a worker that is owed
    /// ACKs carries them (up to ``TaskAssignment/maxAcknowledgedTaskIDs``), the rest go as ACK messages.
    ///
    /// A worker whose result arrives with its next request then reads the ACK and the next TASK together, in
    /// one message: the time from a TASK to its ACK is one round trip through the coordinator, where sending the
    /// TASK at once (before the commit) would put a worker that answers quickly one TASK ahead of its ACK, in its
    /// next read, and double that time. The TASK waits at most one cycle (its commit); workers that hold more
    /// than one task — as real workers ask to — do not notice.
    mutating func sendAssignments() {
        // A peer found gone gives its task back, and the scheduler may assign it at once: send until none is left.
        while !assignments.isEmpty {
            let batch = assignments
            assignments.removeAll(keepingCapacity: true)
            for (peer, id, lease) in batch {
                var carried: [Int] = []
                if let index = acknowledgements.index(forKey: peer) {
                    let owed = acknowledgements.values[index]
                    carried = Array(owed.prefix(TaskAssignment.maxAcknowledgedTaskIDs))
                    if owed.count > carried.count {
                        acknowledgements.values[index].removeFirst(carried.count)
                    } else {
                        acknowledgements.remove(at: index)
                    }
                }
                let task = TaskAssignment(
                    taskID: id, task: sweep.definition.task(id: id), leaseMilliseconds: lease.milliseconds, acknowledgedTaskIDs: carried)
                if !send(.task(task), to: peer) {
                    perform(scheduler.handle(.unreachable(peer, taskID: id), now: ContinuousClock.now))
                }
            }
        }
        sendAcknowledgements()
    }

    /// Sends the ACKs no TASK carried, as ACK messages.
    mutating func sendAcknowledgements() {
        for (peer, ids) in acknowledgements {
            for id in ids { send(.ack(Ack(taskID: id)), to: peer) }
        }
        acknowledgements.removeAll(keepingCapacity: true)
    }

    /// Sends SHUTDOWN to every worker and records the end of the run.
    mutating func finish() {
        coordinator.markFinished()
        for (identity, session) in scheduler.sessions {
            send(.shutdown(Shutdown(reason: "sweep complete")), to: identity)
            recordWorker(session, state: "gone")
        }
        flushCounters()
        if scheduler.failedCount == 0 {
            do { try store.finishRun() } catch { logger.error("cannot record the end of the run", metadata: ["error": "\(error)"]) }
        }
        logger.info("sweep complete", metadata: ["done": "\(scheduler.doneCount)", "failed": "\(scheduler.failedCount)"])
    }

    /// Adds the rejected-frame counts since the last flush to the store; counts a full disk refuses are kept for
    /// the next flush.
    mutating func flushCounters() {
        for (name, count) in rejected.takeUnflushed() {
            do {
                try store.addToCounter("rejected_frames.\(name)", count)
            } catch {
                rejected.restore(name, count)
            }
        }
    }

    /// Counts and rates for progress displays.
    var progress: CoordinatorProgress {
        var progress = CoordinatorProgress()
        progress.total = scheduler.total
        progress.done = scheduler.doneCount
        progress.failed = scheduler.failedCount
        progress.running = scheduler.leasedCount
        progress.workersAlive = scheduler.sessions.count
        progress.retries = scheduler.requeueCount
        progress.rejectedFrames = rejected.total
        progress.duplicateResults = scheduler.duplicateCount
        progress.trajectorySteps = trajectorySteps
        progress.stepsInProgress = scheduler.sessions.values.reduce(0) { $0 + $1.stepsInProgress }
        return progress
    }

    func summary() -> CoordinatorSummary {
        CoordinatorSummary(progress: progress, rejectedByReason: rejected.byReason, complete: scheduler.isComplete)
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
