import Foundation
import Sweep
import ZeroMQ

/// `lyapsweep loadtest`: a real coordinator in a child process, fed by simulated workers in this process.
///
/// Writes a sweep of the chosen ``TaskShape`` with one task per requested result, computes one real result
/// of it, starts `lyapsweep coordinator SWEEP --bind tcp://127.0.0.1:PORT --db FILE --quiet`, connects the
/// simulated workers (all multiplexed by one ``ReadinessSet`` on the calling thread) and measures until every task is
/// acknowledged; then checks the database (``DatabaseCheck``).
public enum LoadGenerator {
    /// Sockets per ZeroMQ context (libzmq's default limit is 1023 sockets per context).
    static let socketsPerContext = 500

    /// Runs a load test and returns its report; `report.passed` says whether the database check passed.
    ///
    /// - Throws: when the test cannot be set up (the sweep, the temporary folder, the coordinator's executable,
    ///   the sockets); problems found while it runs are in the report instead.
    public static func run(_ options: LoadTestOptions) throws -> LoadTestReport {
        let folder = NSTemporaryDirectory() + "lyapsweep-loadtest-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sweepPath = folder + "/sweep.toml"
        try options.shape.sweepText(ics: options.results).write(toFile: sweepPath, atomically: true, encoding: .utf8)
        let sweep = try SweepFile.load(path: sweepPath)
        let definition = sweep.definition
        let computing = Clock.seconds
        let template = try SweepContext(sweep).run(SweepTask(icIndex: 0, etaIndex: 0))
        let messages = SimulatedMessages(template: template, definition: definition)
        let databasePath = options.database ?? folder + "/results.sqlite"
        let endpoint = "tcp://127.0.0.1:\(try freePort())"
        let executable = try options.executable ?? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let coordinator = try CoordinatorProcess(
            executable: executable,
            arguments: ["coordinator", sweepPath, "--bind", endpoint, "--db", databasePath, "--quiet"],
            outputPath: folder + "/coordinator.out", errorPath: folder + "/coordinator.err")
        note(options, "loadtest: one real result computed in \(String(format: "%.2f", Clock.seconds - computing)) s; coordinator PID \(coordinator.pid) on \(endpoint); folder \(folder)")

        var run = Measurement(taskCount: definition.taskCount)
        var contexts: [Context] = []
        var workers: [SimulatedWorker] = []
        let readiness = try ReadinessSet()
        for index in 0..<options.workers {
            if index % socketsPerContext == 0 { contexts.append(try Context()) }
            workers.append(try SimulatedWorker(
                workerID: "loadtest-\(getpid())-\(index)", credits: options.credits, context: contexts[contexts.count - 1],
                endpoint: endpoint, messages: messages, tally: &run.tally))
            try readiness.register(workers[index].socket)
        }
        defer { for worker in workers { worker.socket.close() } }

        let interruption = Interruption()
        try drive(&workers, readiness: readiness, coordinator: coordinator, messages: messages, options: options,
                  interruption: interruption, run: &run)
        for worker in workers { worker.socket.close() }
        if run.interrupted {
            // Stopped by drive(); the database check below still says which acknowledged tasks are stored.
        } else if !coordinator.waitForExit(seconds: 120) {
            run.problems.append("the coordinator did not exit within 120 s of the end; it was killed")
        } else if coordinator.exitStatus != 0 {
            run.problems.append("the coordinator exited with status \(coordinator.exitStatus):\n\(coordinator.errorTail())")
        }
        let check = try DatabaseCheck(
            path: databasePath, taskCount: definition.taskCount, epsilonCount: definition.ensemble.curveEpsilons.count,
            acknowledged: run.tally.acknowledgedIDs)
        return run.report(
            options: options, check: check, coordinator: coordinator, folder: folder,
            curveBytesPerResult: messages.curveBytesPerResult)
    }

    /// The poll loop: answers every socket the kernel names, heartbeats, samples the coordinator, prints progress,
    /// kills and restarts the coordinator when asked, until every task is acknowledged and the workers are shut down.
    /// With a thousand sockets, asking the kernel which are ready (``ReadinessSet``) instead of looking at each
    /// (`zmq_poll`) keeps the generator's cost per message flat, so the coordinator is what is measured.
    static func drive(
        _ workers: inout [SimulatedWorker], readiness: ReadinessSet, coordinator: CoordinatorProcess, messages: SimulatedMessages,
        options: LoadTestOptions, interruption: Interruption, run: inout Measurement
    ) throws {
        let deadline = Clock.seconds + options.timeoutSeconds
        var lastTick = 0.0, lastSample = Clock.seconds, lastProgress = Clock.seconds
        var killed = false
        while true {
            for index in try readiness.wait(timeout: 20) {
                try workers[index].drain(messages: messages, tally: &run.tally)
            }
            let now = Clock.seconds
            if run.startedAt == nil, run.tally.welcomes > 0 {
                run.startedAt = now
                coordinator.sample()
                run.cpuAtStart = coordinator.cpuSeconds
                run.runQueueAtStart = coordinator.runQueueSeconds
                run.writtenAtStart = coordinator.writtenBytes
            }
            if now - lastTick >= 0.05 {
                // A tick's sends may swallow a socket's readiness edge: drain every socket after it.
                for index in workers.indices {
                    try workers[index].tick(now: now, messages: messages, tally: &run.tally)
                    try workers[index].drain(messages: messages, tally: &run.tally)
                }
                lastTick = now
            }
            if now - lastSample >= 1 {
                let sample = coordinator.sample()
                lastSample = now
                // The end of the result stream: the last sample before the final ACK. The one taken at the final
                // ACK may already see the coordinator writing its report, whose memory grows with the table.
                if run.finishedAt == nil, let sample { run.residentAtEnd = sample.residentBytes }
            }
            if run.residentAfter10k == nil, run.tally.acknowledgedCount >= 10_000 {
                run.residentAfter10k = coordinator.sample()?.residentBytes
            }
            if let interval = options.progressInterval, now - lastProgress >= interval {
                note(options, run.progressLine(now: now, coordinator: coordinator))
                lastProgress = now
            }
            if let after = options.killCoordinatorAfter, !killed, let started = run.startedAt, now - started >= after {
                note(options, "loadtest: SIGKILL coordinator PID \(coordinator.pid) after \(String(format: "%.1f", now - started)) s; starting it again")
                coordinator.kill()
                try coordinator.start()
                killed = true
            }
            if run.finishedAt == nil, run.tally.acknowledgedCount == run.tally.acknowledged.count || run.tally.shutdowns > 0 {
                run.finishedAt = now
                coordinator.sample()
                run.cpuAtEnd = coordinator.cpuSeconds
                run.runQueueAtEnd = coordinator.runQueueSeconds
                run.writtenAtEnd = coordinator.writtenBytes
                if run.residentAtEnd == nil { run.residentAtEnd = coordinator.last?.residentBytes }
            }
            if let finished = run.finishedAt {
                if workers.allSatisfy(\.shutDown) || !coordinator.isRunning { return }
                if now - finished > 60 {
                    run.problems.append("not every simulated worker received SHUTDOWN within 60 s of the last ACK")
                    return
                }
            } else if !coordinator.isRunning {
                run.problems.append("the coordinator exited before the sweep was done (status \(coordinator.exitStatus)):\n\(coordinator.errorTail())")
                return
            }
            if let signal = interruption.received {
                coordinator.kill()
                run.interrupted = true
                run.problems.append("interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM") with \(run.tally.acknowledgedCount) of \(run.tally.acknowledged.count) tasks acknowledged; the coordinator was stopped")
                return
            }
            if let refusal = run.tally.refusal {
                run.problems.append("the coordinator refused a simulated worker: \(refusal)")
                return
            }
            if now > deadline {
                run.problems.append("timed out after \(Int(options.timeoutSeconds)) s with \(run.tally.acknowledgedCount) of \(run.tally.acknowledged.count) tasks acknowledged")
                return
            }
        }
    }

    /// Prints a line on standard error unless progress lines are off.
    static func note(_ options: LoadTestOptions, _ line: String) {
        guard options.progressInterval != nil else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A TCP port on 127.0.0.1 that is free right now.
    static func freePort() throws -> Int {
        let probe = try Context()
        let socket = try probe.makeSocket(.router)
        try socket.bind("tcp://127.0.0.1:*")
        let endpoint = try socket.lastEndpoint
        socket.close()
        guard let port = endpoint.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw LoadTestError(description: "cannot read the port of \(endpoint)")
        }
        return port
    }
}

/// A load test that could not be set up.
public struct LoadTestError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}
