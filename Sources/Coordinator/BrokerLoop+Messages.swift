import Foundation
import Logging
import Store
import Sweep
import Wire

extension BrokerLoop {
    /// Validates one received multipart message and hands it to the scheduler; invalid frames are counted and dropped.
    mutating func handle(_ frames: [[UInt8]]) {
        guard let identity = frames.first, frames.count > 1 else {
            reject(reason: "wrong_frame_count", identity: frames.first ?? [], detail: "\(frames.count) frames")
            return
        }
        let message: WireMessage
        do {
            message = try WireCodec.decode(Array(frames.dropFirst()), limits: limits)
        } catch {
            if case .versionMismatch(let remote, let local) = error.reason {
                let text = "protocol version mismatch: this coordinator speaks lyapsweep wire protocol version \(local), the worker speaks version \(remote)"
                logger.error("refused worker: \(text)", metadata: ["peer": "\(PeerName.of(identity))"])
                send(.reject(Reject(reason: text)), to: identity)
            }
            reject(reason: error.reason.counterName, identity: identity, detail: error.description)
            return
        }
        let now = ContinuousClock.now
        switch message {
        case .hello(let hello):
            perform(scheduler.handle(.hello(
                identity, WorkerIdentity(id: hello.workerID, host: hello.host, pid: hello.pid), heldTaskIDs: hello.heldTaskIDs),
                now: now))
            registrations.append(WorkerRegistration(
                id: hello.workerID, host: hello.host, pid: hello.pid, processes: hello.processes, kernelVariant: hello.kernelVariant))
            logger.info("worker joined", metadata: [
                "worker": "\(hello.workerID)", "host": "\(hello.host)", "pid": "\(hello.pid)", "kernel": "\(hello.kernelVariant)",
            ])
        case .ready(let ready):
            perform(scheduler.handle(.ready(identity, credits: ready.credits), now: now))
        case .heartbeat(let heartbeat):
            perform(scheduler.handle(.heartbeat(identity, stepsInProgress: heartbeat.stepsDone), now: now))
        case .result(let report):
            if let problem = ResultShape.problem(of: report, in: sweep.definition) {
                reject(reason: "inconsistent_result", identity: identity, detail: problem)
                return
            }
            resultsAccepted += 1
            if resultsAccepted % 64 == 1, report.fits != ICFit.fits(of: report.result, definition: sweep.definition) {
                reject(reason: "fits_mismatch", identity: identity,
                       detail: "the fits of task \(report.taskID) differ from the coordinator's own (another build or rule?)")
                return
            }
            let workerID = scheduler.workerID(of: identity) ?? PeerName.of(identity)
            let submission = ResultSubmission(
                taskID: report.taskID, result: report.result, workerID: workerID, fits: report.fits,
                computeSeconds: report.computeSeconds)
            perform(scheduler.handle(.result(identity, taskID: report.taskID, computeSeconds: report.computeSeconds,
                                             credits: report.credits), now: now),
                    accepted: submission)
        case .crashReport(let crash):
            logger.error("a worker process crashed while computing a task", metadata: [
                "task": "\(crash.taskID)", "crashed_worker": "\(crash.crashedWorkerID)", "reason": "\(crash.reason)",
                "reported_by": "\(PeerName.of(identity))"])
            perform(scheduler.handle(.crashReport(identity, taskID: crash.taskID, crashedWorkerID: crash.crashedWorkerID,
                                                  reason: crash.reason), now: now))
        case .statusRequest:
            guard statusReplies.allow(now: now) else {
                reject(reason: "status_rate_limited", identity: identity, detail: "more than \(StatusRateLimit.perSecond) status requests in a second")
                return
            }
            send(.statusReply(StatusReply(json: status(now: now, workerRows: StatusRateLimit.maxWorkerRows).json())), to: identity)
        case .welcome, .reject, .task, .ack, .shutdown, .statusReply:
            reject(reason: "unexpected_type", identity: identity, detail: "a worker may not send \(message.typeName)")
        }
    }

    /// Carries out the scheduler's actions in order; `accepted` is the result whose ``SchedulerAction/store(_:taskID:)`` may come back.
    mutating func perform(_ actions: [SchedulerAction], accepted: ResultSubmission? = nil) {
        let now = ContinuousClock.now
        for action in actions {
            switch action {
            case .welcome(let peer):
                let definition = sweep.definition
                send(.welcome(Welcome(
                    runID: runID, sweepName: definition.name, sweepText: sweep.effectiveText, sweepHash: SweepHash.of(sweep.effectiveText),
                    heartbeatIntervalMilliseconds: configuration.heartbeatInterval.milliseconds,
                    livenessMilliseconds: configuration.liveness.milliseconds, datasetCSV: datasetCSV)), to: peer)
            case .assign(let peer, let id, let lease):
                assignments.append((peer, id, lease))
            case .store(_, let id):
                guard let accepted, accepted.taskID == id else { continue }
                unstored.append(accepted)
            case .acknowledge(let peer, let id):
                acknowledgements[peer, default: []].append(id)
            case .refuseResult(let peer, let id, let reason):
                reject(reason: reason.counterName, identity: peer, detail: "result of task \(id)")
            case .askToRegister(let peer):
                send(.reject(.notRegistered), to: peer)
            case .workerLost(let session, let reason, let requeued):
                logger.warning("worker dead: \(reason)", metadata: [
                    "worker": "\(session.id)", "host": "\(session.host)", "pid": "\(session.pid)",
                    "silent_seconds": "\(String(format: "%.1f", (now - session.lastSeen).seconds))", "requeued": "\(requeued)",
                ])
                recordWorker(session, state: "dead")
            case .workerDropped(let session, let reason, let requeued):
                logger.warning("worker dropped: \(reason)", metadata: [
                    "worker": "\(session.id)", "host": "\(session.host)", "pid": "\(session.pid)", "requeued": "\(requeued)",
                ])
                send(.shutdown(Shutdown(reason: reason)), to: session.identity)
                recordWorker(session, state: "dropped")
            case .requeued(let id, .leaseExpired(let workerID)):
                logger.info("lease expired; the task is handed out again", metadata: ["task": "\(id)", "worker": "\(workerID)"])
            case .requeued(let id, let reason):
                logger.debug("task re-queued", metadata: ["task": "\(id)", "reason": "\(reason)"])
            case .failed(let id, let reason):
                logger.error("task failed: \(reason); not retried (`run --retry-failed` retries it)", metadata: ["task": "\(id)"])
                do {
                    try store.markFailed(taskID: id)
                } catch {
                    logger.error("cannot record a failed task in the store", metadata: ["database": "\(store.path)", "error": "\(error)"])
                }
            case .complete:
                complete = true
            }
        }
    }

    /// Records a worker's departure in the store (a store that cannot write only loses this bookkeeping).
    func recordWorker(_ session: WorkerSession, state: String) {
        let silent = (ContinuousClock.now - session.lastSeen).seconds
        try? store.updateWorker(id: session.id, state: state, lastSeen: Date().timeIntervalSince1970 - silent)
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

    /// The coordinator's live state: progress, the workers of this session (at most `workerRows`; all gone once the
    /// sweep is complete or a stop was requested), rejected frames.
    func status(now: ContinuousClock.Instant, workerRows: Int = .max) -> CoordinatorStatus {
        func row(_ session: WorkerSession, state: WorkerStatus.State, requeued: [Int]) -> WorkerStatus {
            let connected = state == .alive || state == .stale
            return WorkerStatus(
                id: session.id, host: session.host, pid: session.pid, state: state,
                inFlight: connected ? session.inFlight.sorted() : [], tasksDone: session.tasksDone,
                meanTaskSeconds: session.tasksDone == 0 ? nil : session.computeSeconds / Double(session.tasksDone),
                silentSeconds: (now - session.lastSeen).seconds,
                stepsInCurrentTask: connected ? session.stepsInProgress : 0, requeued: requeued)
        }
        // Once the sweep is complete (workers told to shut down) or the coordinator stops, no worker works for it.
        let ended = coordinator.isFinished || coordinator.isStopRequested
        let connected = scheduler.sessions.values.sorted { $0.id < $1.id }.prefix(workerRows).map {
            row($0, state: ended ? .gone : now - $0.lastSeen > configuration.heartbeatInterval * 2 ? .stale : .alive, requeued: [])
        }
        let gone = scheduler.departed.suffix(max(0, workerRows - connected.count)).sorted { $0.session.id < $1.session.id }.map {
            row($0.session, state: $0.state, requeued: $0.requeued)
        }
        var status = CoordinatorStatus(
            sweepName: sweep.definition.name, endpoint: endpoint,
            insecure: configuration.security == nil && !EndpointSecurity.isLocal(endpoint),
            elapsedSeconds: (now - started).seconds, stepsPerTask: stepsPerTask,
            livenessSeconds: configuration.liveness.seconds, progress: progress,
            workers: Array(connected) + gone, rejectedFrames: rejected.byReason)
        status.workersNotShown = scheduler.sessions.count + scheduler.departed.count - status.workers.count
        status.precision = precisionState
        status.onset = onsetState
        status.overrides = sweep.overrides
        return status
    }

    /// Publishes the status and the λ table to the coordinator's ``StatusBoard``, and the task gauges.
    mutating func publishStatus(now: ContinuousClock.Instant) {
        lastPublished = now
        let progress = progress
        metrics.recordTasks(progress)
        coordinator.progress.withLock { $0 = progress }
        coordinator.statusBoard.publish(status: status(now: now), lambda: live)
    }
}
