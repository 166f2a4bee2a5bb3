import Foundation
import Store
import Sweep
import Testing
import Wire

@Suite("Coordinator and workers as separate processes", .serialized)
struct DistributedRunTests {
    /// Coordinator flags for fast failure detection in tests.
    static func coordinatorArguments(_ harness: Harness, endpoint: String) -> [String] {
        ["coordinator", harness.sweepPath, "--bind", endpoint, "--db", harness.databasePath,
         "--heartbeat-ms", "200", "--liveness-ms", "1500"]
    }

    static func startWorkers(_ count: Int, _ harness: Harness, endpoint: String, label: String = "worker") throws -> [RunningProcess] {
        try (0..<count).map {
            try harness.start(["worker", "--connect", endpoint, "--processes", "1", "--give-up-after", "60"], label: "\(label)\($0)")
        }
    }

    @Test("results over tcp://127.0.0.1 equal the in-process computation bit for bit", arguments: [3, 1])
    func bitIdentical(workers: Int) async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(Self.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        let pool = try Self.startWorkers(workers, harness, endpoint: endpoint)
        try await coordinator.wait(timeout: 300)
        for worker in pool { try await worker.wait(timeout: 30) }
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(pool.allSatisfy { $0.status == 0 })
        let stored = try harness.storedResults()
        #expect(stored.count == 16)
        #expect(bits(stored) == bits(try await harness.inProcessResults()))
    }

    @Test("a worker SIGKILLed mid-task: its task is recomputed elsewhere, every result stored exactly once")
    func workerKilled() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(Self.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        let pool = try Self.startWorkers(2, harness, endpoint: endpoint)
        let store = try ResultStore(path: harness.databasePath)
        #expect(await eventually(timeout: 120) { ((try? store.resultCount()) ?? 0) >= 2 })
        pool[0].signal(SIGKILL)
        try await coordinator.wait(timeout: 300)
        try await pool[1].wait(timeout: 30)
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(coordinator.stderr.contains("worker dead"))
        let stored = try harness.storedResults()
        #expect(stored.count == 16)
        #expect(Set(stored.map(\.task)).count == 16)
        #expect(bits(stored) == bits(try await harness.inProcessResults()))
        #expect(try store.taskIDs(state: .done).count == 16)
        let status = try await harness.run(["status", "--db", harness.databasePath, "--json"], label: "status")
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"state\" : \"dead\""), "\(status.stdout)")
        #expect(status.stdout.contains("\"done\" : 16"))
    }

    @Test("the coordinator SIGKILLed mid-sweep and restarted: nothing lost, workers reconnect, same final table")
    func coordinatorKilled() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let first = try harness.start(Self.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator1")
        let pool = try Self.startWorkers(2, harness, endpoint: endpoint)
        let store = try ResultStore(path: harness.databasePath)
        #expect(await eventually(timeout: 120) { ((try? store.resultCount()) ?? 0) >= 4 })
        first.signal(SIGKILL)
        try await first.wait(timeout: 10)
        let before = try harness.storedResults()
        #expect(before.count >= 4 && before.count < 16)
        let second = try harness.start(Self.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator2")
        try await second.wait(timeout: 300)
        for worker in pool { try await worker.wait(timeout: 30) }
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resuming"))
        let after = try harness.storedResults()
        #expect(after.count == 16)
        let afterByTask = Dictionary(uniqueKeysWithValues: after.map { ($0.task, $0) })
        #expect(before.allSatisfy { bits([$0]) == bits([afterByTask[$0.task]!]) })
        #expect(bits(after) == bits(try await harness.inProcessResults()))
        #expect(second.stdout.contains("16/16 tasks done"))
        let definition = try SweepFile.load(path: harness.sweepPath).definition
        var uninterrupted = LambdaTable(definition: definition)
        for result in try await harness.inProcessResults() { uninterrupted.add(ICFit.fits(of: result, definition: definition)) }
        var resumed = LambdaTable(definition: definition)
        resumed.add(try store.fits())
        #expect(resumed.rows() == uninterrupted.rows())
    }

    @Test("a worker speaking another protocol version is refused, both sides naming both versions")
    func versionMismatch() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(Self.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        let stranger = try harness.start(
            ["worker", "--connect", endpoint, "--processes", "1", "--protocol-version", "99", "--give-up-after", "20"], label: "stranger")
        try await stranger.wait(timeout: 60)
        #expect(stranger.status == 3)
        #expect(stranger.stderr.contains("version \(WireProtocol.version)") && stranger.stderr.contains("version 99"), "\(stranger.stderr)")
        let status = try await harness.run(["status", "--connect", endpoint, "--json"], label: "status")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"progress\""), "\(status.stdout)")
        #expect(status.stdout.contains("version_mismatch"), "the refused HELLO is counted: \(status.stdout)")
        coordinator.signal(SIGTERM)
        try await coordinator.wait(timeout: 30)
        #expect(coordinator.stderr.contains("version \(WireProtocol.version)") && coordinator.stderr.contains("version 99"), "\(coordinator.stderr)")
    }
}
