import Foundation
import Store
import Sweep
import Testing
import Wire

@Suite("Failures told apart: lost workers, crashing tasks, stuck workers, forged results", .serialized)
struct FailureHandlingTests {
    @Test("Every worker SIGKILLed three times in a row: no task fails and the results are the calm ones, bit for bit")
    func everyWorkerKilledThreeTimes() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(DistributedRunTests.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        defer { coordinator.signal(SIGKILL) }
        // On a thread of its own, so that the kills come on time however busy the concurrency pool is.
        let joinedInTime = try await offThePool {
            var joined = true
            for round in 0..<3 {
                let pool = try DistributedRunTests.startWorkers(2, harness, endpoint: endpoint, label: "round\(round)-")
                // Kill them while they hold tasks: as soon as both have joined.
                let deadline = Date().addingTimeInterval(60)
                while harness.countLines(in: "coordinator.err", containing: "worker joined") < 2 * (round + 1) && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.02)
                }
                joined = joined && Date() < deadline
                Thread.sleep(forTimeInterval: 0.2)
                for worker in pool { worker.signal(SIGKILL) }
                for worker in pool { worker.process.waitUntilExit() }
            }
            return joined
        }
        #expect(joinedInTime)
        let last = try DistributedRunTests.startWorkers(2, harness, endpoint: endpoint, label: "last")
        try await coordinator.wait(timeout: 300)
        for worker in last { try await worker.wait(timeout: 30) }
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(!coordinator.stderr.contains("task failed"), "\(coordinator.stderr)")
        let store = try ResultStore(path: harness.databasePath)
        #expect(try store.taskIDs(state: .failed).isEmpty)
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
    }

    @Test("Two runs on one database: the second is refused naming the holder's PID and host; the first's table is the calm one")
    func twoRunsOnOneDatabase() async throws {
        let harness = try Harness(sweep: smallSweep)
        let calm = try await harness.run(["run", harness.sweepPath, "--workers", "2", "--db", harness.directory + "/calm.sqlite",
                                          "--out", harness.directory + "/calm", "--quiet"], label: "calm")
        #expect(calm.status == 0, "\(calm.stderr)")
        let arguments = ["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath]
        let first = try harness.start(arguments, label: "first")
        #expect(await eventually(timeout: 60) { FileManager.default.fileExists(atPath: harness.databasePath + ".lock") })
        let second = try await harness.run(arguments, label: "second")
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("\(first.pid)") && second.stderr.contains(ProcessInfo.processInfo.hostName), "\(second.stderr)")
        try await first.wait(timeout: 300)
        #expect(first.status == 0, "\(first.stderr)")
        let calmTable = try String(contentsOfFile: harness.directory + "/calm/lambda.csv", encoding: .utf8)
        #expect(try String(contentsOfFile: harness.directory + "/lambda.csv", encoding: .utf8) == calmTable)
    }

    @Test("A task that crashes its worker every time fails after 3 crashes, the run exits 5, and --retry-failed completes it")
    func crashingTask() async throws {
        let harness = try Harness(sweep: smallSweep)
        let cured = harness.directory + "/cured"
        let environment = ["LYAPSWEEP_TEST_CRASH_TASK": "5", "LYAPSWEEP_TEST_CRASH_CURED": cured]
        let arguments = ["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath]
        let crashing = try await harness.run(arguments, label: "crashing", environment: environment)
        #expect(crashing.status == 5, "\(crashing.stderr)")
        #expect(crashing.stderr.contains("1 tasks FAILED") && crashing.stderr.contains("--retry-failed"), "\(crashing.stderr)")
        #expect(crashing.stdout.contains("15/16 tasks done, 1 FAILED"), "\(crashing.stdout)")
        let store = try ResultStore(path: harness.databasePath)
        #expect(try store.taskIDs(state: .failed) == [5])
        // The same command again does not retry it (the cause is still there) …
        let again = try await harness.run(arguments, label: "again", environment: environment)
        #expect(again.status == 5, "\(again.stderr)")
        // … until the cause is gone and --retry-failed asks for it.
        FileManager.default.createFile(atPath: cured, contents: nil)
        let retried = try await harness.run(arguments + ["--retry-failed"], label: "retried", environment: environment)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stderr.contains("1 failed tasks are computed again"), "\(retried.stderr)")
        #expect(try store.taskIDs(state: .failed).isEmpty)
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
    }

    @Test("A worker that takes tasks and heartbeats but never answers: its leases expire and the sweep completes soon after")
    func stuckWorker() async throws {
        let harness = try Harness(sweep: endToEndSweep(seed: 11, ics: 3, bootstrap: 50))
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(
            ["coordinator", harness.sweepPath, "--bind", endpoint, "--db", harness.databasePath, "--heartbeat-ms", "100",
             "--liveness-ms", "60000", "--lease-floor", "0.5", "--log-level", "info"], label: "coordinator")
        defer { coordinator.signal(SIGKILL) }
        // The stuck peer joins first, takes two tasks and heartbeats until the sweep is over (on a thread of its own).
        let (taken, expiredAt) = try await offThePool { () -> ([Int], Date?) in
            let stuck = try ScriptedPeer(identity: "stuck", endpoint: endpoint)
            try stuck.hello()
            _ = try stuck.receive(until: 30) { if case .welcome = $0 { true } else { false } }
            try stuck.send(.ready(Ready(credits: 2)))
            let taken = try stuck.receive(until: 10, count: 2) { if case .task = $0 { true } else { false } }
                .compactMap { if case .task(let task) = $0 { task.taskID } else { nil } }
            _ = try harness.start(["worker", "--connect", endpoint, "--processes", "1", "--give-up-after", "60"], label: "worker")
            var expiredAt: Date?
            while coordinator.process.isRunning {
                try stuck.send(.heartbeat(Heartbeat(currentTaskIDs: taken, stepsDone: 0)))
                _ = try stuck.receive(for: 0.1)
                if expiredAt == nil, harness.countLines(in: "coordinator.err", containing: "lease expired") >= taken.count {
                    expiredAt = Date()
                }
            }
            return (taken, expiredAt)
        }
        #expect(taken.count == 2)
        let finishedAt = Date()
        try await coordinator.wait(timeout: 10)
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        let store = try ResultStore(path: harness.databasePath)
        let meanTaskSeconds = try store.meanComputeSeconds()
        let afterExpiry = try #require(expiredAt.map { finishedAt.timeIntervalSince($0) })
        #expect(afterExpiry < 3 * meanTaskSeconds + 0.5, "finished \(afterExpiry) s after the last lease expired; mean task \(meanTaskSeconds) s")
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
    }

    @Test("Forged results: from a stranger, for a task never assigned, with short curves — none is stored, each is counted")
    func forgedResults() async throws {
        let harness = try Harness(sweep: smallSweep)
        let calm = try await harness.run(["run", harness.sweepPath, "--workers", "2", "--db", harness.directory + "/calm.sqlite",
                                          "--out", harness.directory + "/calm", "--quiet"], label: "calm")
        #expect(calm.status == 0, "\(calm.stderr)")
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(DistributedRunTests.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        defer { coordinator.signal(SIGKILL) }
        let honest = try await harness.inProcessResults()
        let definition = try SweepFile.load(path: harness.sweepPath).definition
        @Sendable func forged(_ id: Int, points: Int? = nil) -> WireMessage {
            var result = honest[id]
            for index in result.ensemble.curves.indices {
                let curve = result.ensemble.curves[index].meanDistance.map { $0 * 10 }
                result.ensemble.curves[index].meanDistance = points.map { Array(curve.prefix($0)) } ?? curve
            }
            return .result(ResultReport(taskID: id, result: result, definition: definition, computeSeconds: 0.1, trajectorySteps: 1))
        }
        try await offThePool {
            // A stranger that never said HELLO.
            let stranger = try ScriptedPeer(identity: "stranger", endpoint: endpoint)
            for id in 0..<4 { try stranger.send(forged(id)) }
            // A registered peer that was assigned nothing.
            let intruder = try ScriptedPeer(identity: "intruder", endpoint: endpoint)
            try intruder.hello()
            _ = try intruder.receive(until: 30) { if case .welcome = $0 { true } else { false } }
            for id in 4..<8 { try intruder.send(forged(id)) }
            // A registered peer answering its own task with curves 40 points long.
            let shortener = try ScriptedPeer(identity: "shortener", endpoint: endpoint)
            try shortener.hello()
            _ = try shortener.receive(until: 30) { if case .welcome = $0 { true } else { false } }
            try shortener.send(.ready(Ready(credits: 1)))
            let assigned = try shortener.receive(until: 10) { if case .task = $0 { true } else { false } }
                .compactMap { if case .task(let task) = $0 { task.taskID } else { nil } }
            guard let shortID = assigned.first else { throw HarnessError.timeout }
            try shortener.send(forged(shortID, points: 40))
            _ = try shortener.receive(for: 0.3)
        }
        let workers = try DistributedRunTests.startWorkers(2, harness, endpoint: endpoint)
        // The shortener keeps its lease alive no longer: it goes silent, and its task goes to the honest workers.
        try await coordinator.wait(timeout: 300)
        for worker in workers { try await worker.wait(timeout: 30) }
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        let counters = try ResultStore(path: harness.databasePath).counters()
        #expect(counters["rejected_frames.result_unregistered"] == 4, "\(counters)")
        #expect(counters["rejected_frames.result_not_assigned"] == 4, "\(counters)")
        // The decoder itself refuses curves shorter than the reference loss.
        #expect(counters["rejected_frames.inconsistent"] == 1, "\(counters)")
        #expect(bits(try harness.storedResults()) == bits(honest))
        let calmTable = try String(contentsOfFile: harness.directory + "/calm/lambda.csv", encoding: .utf8)
        let table = try String(contentsOfFile: harness.directory + "/lambda.csv", encoding: .utf8)
        #expect(table == calmTable)
    }
}

extension Harness {
    /// Lines of an output file (named by a process label, e.g. "coordinator.err") that contain `text`.
    func countLines(in file: String, containing text: String) -> Int {
        let content = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
        return content.split(separator: "\n").filter { $0.contains(text) }.count
    }
}
