import Foundation
import Logging
import Store
import Sweep
import Wire

extension BrokerLoop {
    /// Validates one received multipart message and acts on it; invalid frames are counted and dropped.
    mutating func handle(_ frames: [[UInt8]]) throws {
        guard let identity = frames.first, frames.count > 1 else {
            reject(reason: "wrong_frame_count", identity: frames.first ?? [], detail: "\(frames.count) frames")
            return
        }
        let payload = Array(frames.dropFirst())
        let message: WireMessage
        switch decode(payload) {
        case .success(let decoded):
            message = decoded
        case .failure(let error):
            if case .versionMismatch(let remote, let local) = error.reason {
                let text = "protocol version mismatch: this coordinator speaks lyapsweep wire protocol version \(local), the worker speaks version \(remote)"
                logger.error("refused worker: \(text)", metadata: ["peer": "\(PeerName.of(identity))"])
                send(.reject(Reject(reason: text)), to: identity)
            }
            reject(reason: error.reason.counterName, identity: identity, detail: error.description)
            return
        }
        let now = monotonicSeconds()
        sessions[identity]?.lastSeen = now
        switch message {
        case .hello(let hello):
            try welcome(hello, identity: identity, now: now)
        case .ready(let ready):
            guard var session = sessions[identity] else { return askToRegister(identity) }
            session.credits = max(0, min(session.credits + ready.credits, configuration.maxTasksPerWorker - session.inFlight.count))
            sessions[identity] = session
        case .result(let report):
            try accept(report, from: identity)
        case .heartbeat(let heartbeat):
            guard sessions[identity] != nil else { return askToRegister(identity) }
            sessions[identity]?.stepsInProgress = heartbeat.stepsDone
        case .statusRequest:
            send(.statusReply(StatusReply(json: status(now: monotonicSeconds()).json())), to: identity)
        case .welcome, .reject, .task, .ack, .shutdown, .statusReply:
            reject(reason: "unexpected_type", identity: identity, detail: "a worker may not send \(message.typeName)")
        }
    }

    /// Decodes frames into a message or the reason they are invalid.
    func decode(_ frames: [[UInt8]]) -> Result<WireMessage, WireError> {
        do {
            return .success(try WireCodec.decode(frames))
        } catch {
            return .failure(error)
        }
    }

    /// Registers a worker (or re-registers it after a reconnect) and sends it the sweep.
    mutating func welcome(_ hello: Hello, identity: [UInt8], now: Double) throws {
        if let previous = sessions[identity] {
            try requeue(previous.inFlight, countFailure: false)
        }
        sessions[identity] = WorkerSession(identity: identity, id: hello.workerID, host: hello.host, pid: hello.pid, lastSeen: now)
        departed[identity] = nil
        try store.registerWorker(id: hello.workerID, host: hello.host, pid: hello.pid, processes: hello.processes)
        logger.info("worker joined", metadata: ["worker": "\(hello.workerID)", "host": "\(hello.host)", "pid": "\(hello.pid)"])
        send(.welcome(Welcome(
            runID: runID, sweepName: sweep.definition.name, sweepText: sweep.text,
            sweepHash: SweepHash.of(sweep.text), heartbeatIntervalMilliseconds: configuration.heartbeatIntervalMilliseconds,
            livenessMilliseconds: configuration.livenessMilliseconds, datasetCSV: sweep.datasetCSV)), to: identity)
    }

    /// Checks a result against its task, stores it durably, folds it into λ_nMLE, then acknowledges it.
    mutating func accept(_ report: ResultReport, from identity: [UInt8]) throws {
        let definition = sweep.definition
        if let problem = inconsistency(of: report) {
            reject(reason: "inconsistent_result", identity: identity, detail: problem)
            return
        }
        let workerID = sessions[identity]?.id ?? PeerName.of(identity)
        sessions[identity]?.inFlight.remove(report.taskID)
        sessions[identity]?.stepsInProgress = 0
        if done.contains(report.taskID) {
            progress.duplicateResults += 1
        } else {
            let fits = ICFit.fits(of: report.result, definition: definition)
            let stored = try store.storeResult(
                report.result, taskID: report.taskID, workerID: workerID, fits: fits, computeSeconds: report.computeSeconds)
            if stored {
                table.add(fits)
                live.add(fits)
                progress.trajectorySteps += stepsPerTask
                sessions[identity]?.tasksDone += 1
                sessions[identity]?.computeSeconds += report.computeSeconds
                metrics.resultsStored.increment()
                metrics.trajectorySteps.increment(by: stepsPerTask)
                metrics.taskDuration.recordSeconds(report.computeSeconds)
            } else {
                progress.duplicateResults += 1
            }
            done.insert(report.taskID)
        }
        send(.ack(Ack(taskID: report.taskID)), to: identity)
        if sessions[identity] == nil { askToRegister(identity) }
    }

    /// Why a result cannot belong to this sweep, or nil if it fits.
    func inconsistency(of report: ResultReport) -> String? {
        let definition = sweep.definition
        let icCount = definition.ensemble.ics
        let result = report.result
        guard (0..<progress.total).contains(report.taskID) else { return "task id \(report.taskID) is not in this sweep" }
        guard result.task.id(icCount: icCount) == report.taskID,
              result.task.icIndex < icCount, result.task.etaIndex < definition.training.etas.count
        else { return "task id \(report.taskID) does not match IC \(result.task.icIndex), η index \(result.task.etaIndex)" }
        guard result.eta.bitPattern == definition.training.etas[result.task.etaIndex].bitPattern else { return "η \(result.eta) is not the sweep's" }
        guard result.ensemble.curves.map(\.epsilon.bitPattern) == definition.ensemble.epsilons.map(\.bitPattern)
        else { return "the ε list differs from the sweep's" }
        let points = definition.training.steps + 1
        guard result.ensemble.referenceLoss.count <= points, result.ensemble.curves.allSatisfy({ $0.meanDistance.count <= points })
        else { return "curves longer than T + 1 = \(points) points" }
        return nil
    }

    /// Tells a peer this coordinator does not know it (it restarted): the worker answers with HELLO.
    func askToRegister(_ identity: [UInt8]) {
        send(.reject(.notRegistered), to: identity)
    }

    /// Counts and logs a dropped frame: the first 10 of each reason, then every 1000th.
    mutating func reject(reason: String, identity: [UInt8], detail: String) {
        let count = rejected.count(reason)
        metrics.countRejected(reason)
        if count <= 10 || count % 1000 == 0 {
            logger.warning("dropped invalid frame", metadata: [
                "reason": "\(reason)", "peer": "\(PeerName.of(identity))", "detail": "\(detail)", "count": "\(count)",
            ])
        }
    }

    /// The coordinator's live state: progress, every worker of this session, rejected frames.
    func status(now: Double) -> CoordinatorStatus {
        let interval = Double(configuration.heartbeatIntervalMilliseconds) / 1000
        func row(_ session: WorkerSession, state: WorkerStatus.State, requeued: [Int]) -> WorkerStatus {
            WorkerStatus(
                id: session.id, host: session.host, pid: session.pid, state: state,
                inFlight: state == .alive || state == .stale ? session.inFlight.sorted() : [],
                tasksDone: session.tasksDone,
                meanTaskSeconds: session.tasksDone == 0 ? nil : session.computeSeconds / Double(session.tasksDone),
                silentSeconds: now - session.lastSeen,
                stepsInCurrentTask: state == .alive || state == .stale ? session.stepsInProgress : 0, requeued: requeued)
        }
        let connected = sessions.values.sorted { $0.id < $1.id }.map {
            row($0, state: now - $0.lastSeen > 2 * interval ? .stale : .alive, requeued: [])
        }
        let gone = departed.values.sorted { $0.session.id < $1.session.id }.map {
            row($0.session, state: $0.state, requeued: $0.requeued)
        }
        return CoordinatorStatus(
            sweepName: sweep.definition.name, endpoint: endpoint,
            insecure: configuration.security == nil && !EndpointSecurity.isLocal(endpoint),
            elapsedSeconds: now - started, stepsPerTask: stepsPerTask,
            livenessSeconds: Double(configuration.livenessMilliseconds) / 1000, progress: progress,
            workers: connected + gone, rejectedFrames: rejected.byReason)
    }

    /// Publishes the status and the λ table to the coordinator's ``StatusBoard``.
    mutating func publishStatus(now: Double) {
        lastPublished = now
        coordinator.statusBoard.publish(status: status(now: now), lambda: live)
    }
}
