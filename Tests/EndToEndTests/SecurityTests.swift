import Foundation
import Testing

/// A sweep of two short tasks: enough to prove a whole sweep crosses a CURVE connection.
let tinySweep = """
    # security test sweep
    seed = 5
    [training]
    eta = 1.0
    steps = 60
    [ensemble]
    ics = 2
    members = 2
    epsilon = [1e-8, 1e-4]
    [fit]
    grid_start_max = 20
    grid_length_max = 40
    bootstrap = 50
    """

@Suite("CURVE security and the plaintext bind rule", .serialized)
struct SecurityTests {
    /// Generates keys for `workers` workers in `folder` of the harness.
    static func generateKeys(_ harness: Harness, folder: String, workers: Int = 1) async throws -> String {
        let path = harness.directory + "/" + folder
        let run = try await harness.run(["keys", "generate", "--out", path, "--workers", "\(workers)"], label: "keys-\(folder)")
        #expect(run.status == 0, "\(run.stderr)")
        return path
    }

    static func startCoordinator(_ harness: Harness, bind: String, extra: [String]) throws -> RunningProcess {
        try harness.start(
            ["coordinator", harness.sweepPath, "--bind", bind, "--db", harness.databasePath,
             "--heartbeat-ms", "200", "--liveness-ms", "1500"] + extra, label: "coordinator")
    }

    /// A tiny-sweep harness, keys for one worker in its `keys` folder, and a CURVE coordinator with them on a
    /// free loopback port.
    static func startCurveCoordinator() async throws
        -> (harness: Harness, keys: String, endpoint: String, coordinator: RunningProcess)
    {
        let harness = try Harness(sweep: tinySweep)
        let keys = try await generateKeys(harness, folder: "keys")
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try startCoordinator(harness, bind: endpoint, extra: ["--keys", keys])
        return (harness, keys, endpoint, coordinator)
    }

    @Test("keys generate writes the documented layout, mode 0600, and never overwrites")
    func keyLayout() async throws {
        let harness = try Harness(sweep: tinySweep)
        let keys = try await Self.generateKeys(harness, folder: "keys", workers: 2)
        let files = ["coordinator.key", "coordinator.pub", "workers/worker-1.key", "workers/worker-1.pub",
                     "workers/worker-2.key", "workers/worker-2.pub", "authorized/worker-1.pub", "authorized/worker-2.pub"]
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: keys + "/" + file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
            let text = try String(contentsOfFile: keys + "/" + file, encoding: .utf8)
            #expect(text.count == 41 && text.hasSuffix("\n"), "\(file): \(text)")
        }
        #expect(try String(contentsOfFile: keys + "/authorized/worker-2.pub", encoding: .utf8)
            == String(contentsOfFile: keys + "/workers/worker-2.pub", encoding: .utf8))
        let again = try await harness.run(["keys", "generate", "--out", keys], label: "keys-again")
        #expect(again.status != 0)
        #expect(again.stderr.contains("never overwritten"), "\(again.stderr)")
    }

    @Test("an authorized worker completes a sweep over CURVE, bit-identical to the in-process results")
    func authorizedWorkerCompletes() async throws {
        let (harness, keys, endpoint, coordinator) = try await Self.startCurveCoordinator()
        let worker = try harness.start(["worker", "--connect", endpoint, "--processes", "1", "--keys", keys, "--give-up-after", "60"],
                                       label: "worker")
        try await coordinator.wait(timeout: 300)
        try await worker.wait(timeout: 30)
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(worker.status == 0, "\(worker.stderr)")
        #expect(coordinator.stderr.contains("CURVE, 1 authorized worker keys"), "\(coordinator.stderr)")
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
    }

    @Test("status --connect reaches a CURVE coordinator with --keys, and a plaintext status request gets no answer")
    func statusOverCurve() async throws {
        let (harness, keys, endpoint, coordinator) = try await Self.startCurveCoordinator()
        defer { coordinator.signal(SIGKILL) }
        var status = try await harness.run(["status", "--connect", endpoint, "--keys", keys, "--json"], label: "status", timeout: 60)
        for _ in 0..<10 where status.status != 0 {
            try await Task.sleep(for: .seconds(0.5))
            status = try await harness.run(["status", "--connect", endpoint, "--keys", keys, "--json"], label: "status", timeout: 60)
        }
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(json?["workers"] != nil, "\(status.stdout)")
        let plaintext = try await harness.run(["status", "--connect", endpoint, "--json", "--timeout", "2"], label: "status-plain", timeout: 60)
        #expect(plaintext.status != 0, "\(plaintext.stdout)")
        #expect(plaintext.stderr.contains("no answer"), "\(plaintext.stderr)")
        coordinator.signal(SIGTERM)
        try await coordinator.wait(timeout: 30)
    }

    @Test("an unknown-key worker is refused and logged with its address; a plaintext worker cannot connect")
    func strangersRefused() async throws {
        let (harness, keys, endpoint, coordinator) = try await Self.startCurveCoordinator()
        let other = try await Self.generateKeys(harness, folder: "other")
        let stranger = try harness.start(
            ["worker", "--connect", endpoint, "--processes", "1", "--key", other + "/workers/worker-1.key",
             "--server-key", keys + "/coordinator.pub", "--give-up-after", "2"], label: "stranger")
        let plaintext = try harness.start(
            ["worker", "--connect", endpoint, "--processes", "1", "--give-up-after", "2"], label: "plaintext")
        try await stranger.wait(timeout: 60)
        try await plaintext.wait(timeout: 60)
        #expect(stranger.status == 4, "\(stranger.stderr)")
        #expect(stranger.stderr.contains("authorized"), "\(stranger.stderr)")
        #expect(plaintext.status == 4, "\(plaintext.stderr)")
        let strangerKey = try String(contentsOfFile: other + "/workers/worker-1.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(await eventually(timeout: 5) { coordinator.stderr.contains("connection refused") })
        let log = coordinator.stderr
        #expect(log.contains("CURVE client key not allowed") && log.contains("peer=127.0.0.1") && log.contains(strangerKey), "\(log)")
        #expect(!log.contains("worker joined") && !log.contains("welcomed"), "\(log)")
        coordinator.signal(SIGTERM)
        try await coordinator.wait(timeout: 30)
        #expect(try harness.storedResults().isEmpty)
    }

    @Test("a non-loopback bind without keys is refused with how to make keys; with --insecure it starts and warns")
    func plaintextBindRule() async throws {
        let harness = try Harness(sweep: tinySweep)
        let port = Harness.freePort()
        let refused = try await harness.run(["coordinator", harness.sweepPath, "--bind", "tcp://0.0.0.0:\(port)",
                                       "--db", harness.databasePath], label: "refused")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to bind tcp://0.0.0.0:\(port) without keys"), "\(refused.stderr)")
        #expect(refused.stderr.contains("lyapsweep keys generate --out DIR"))
        #expect(!FileManager.default.fileExists(atPath: harness.databasePath))

        let insecure = try Self.startCoordinator(harness, bind: "tcp://0.0.0.0:\(port)", extra: ["--insecure"])
        let worker = try harness.start(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--processes", "1", "--give-up-after", "60"], label: "worker")
        try await insecure.wait(timeout: 300)
        try await worker.wait(timeout: 30)
        #expect(insecure.status == 0, "\(insecure.stderr)")
        #expect(insecure.stderr.contains("INSECURE: tcp://0.0.0.0:\(port) is bound without keys"), "\(insecure.stderr)")
    }
}
