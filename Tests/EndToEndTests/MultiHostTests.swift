import Foundation
import Testing

/// Two Linux network namespaces joined by a veth pair, standing in for two hosts on a network.
struct NetworkNamespacePair {
    /// The coordinator's namespace, its address on the link, and the workers' namespace.
    let coordinatorNamespace: String
    let coordinatorAddress: String
    let workerNamespace: String

    /// Whether this process may create namespaces: root and iproute2's `ip`.
    static var available: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: ip)
    }

    static let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/ip"

    /// Creates both namespaces and the link 10.231.N.1 ↔ 10.231.N.2 (N random, names unique to this run).
    init() throws {
        let tag = String(UInt32.random(in: 0...0xFFFFF), radix: 16)
        let subnet = "10.231.\(Int.random(in: 1...254))"
        coordinatorNamespace = "lsw-c-" + tag
        workerNamespace = "lsw-w-" + tag
        coordinatorAddress = subnet + ".1"
        let (left, right) = ("lswc" + tag, "lsww" + tag)
        try Self.run(["netns", "add", coordinatorNamespace])
        try Self.run(["netns", "add", workerNamespace])
        try Self.run(["link", "add", left, "type", "veth", "peer", "name", right])
        for (device, namespace, address) in [(left, coordinatorNamespace, coordinatorAddress), (right, workerNamespace, subnet + ".2")] {
            try Self.run(["link", "set", device, "netns", namespace])
            try Self.run(["-n", namespace, "addr", "add", address + "/24", "dev", device])
            try Self.run(["-n", namespace, "link", "set", device, "up"])
            try Self.run(["-n", namespace, "link", "set", "lo", "up"])
        }
    }

    /// Deletes both namespaces (and with them the veth pair).
    func remove() {
        for namespace in [coordinatorNamespace, workerNamespace] { try? Self.run(["netns", "delete", namespace]) }
    }

    /// Starts `lyapsweep` inside `namespace` (via `ip netns exec`), like ``Harness/start(_:label:)``.
    func start(_ arguments: [String], in namespace: String, harness: Harness, label: String) throws -> RunningProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.ip)
        process.arguments = ["netns", "exec", namespace, Harness.executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: harness.directory)
        let out = harness.directory + "/\(label).out", err = harness.directory + "/\(label).err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return RunningProcess(process: process, outPath: out, errPath: err)
    }

    /// Runs `ip` with arguments, throwing its standard error if it fails.
    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw NamespaceError(message: "ip \(arguments.joined(separator: " ")): \(text)")
        }
    }

    struct NamespaceError: Error { let message: String }
}

@Suite("Coordinator and workers on two hosts (network namespaces)", .serialized)
struct MultiHostTests {
    @Test("CURVE across a veth link: two workers in one namespace, the coordinator in another, results bit-identical",
          .enabled(if: NetworkNamespacePair.available, "needs root and iproute2 (`ip netns`); skipped"))
    func twoHosts() async throws {
        let harness = try Harness(sweep: smallSweep)
        let keys = try await SecurityTests.generateKeys(harness, folder: "keys", workers: 2)
        let hosts = try NetworkNamespacePair()
        defer { hosts.remove() }
        let endpoint = "tcp://\(hosts.coordinatorAddress):\(Harness.freePort())"
        let coordinator = try hosts.start(
            ["coordinator", harness.sweepPath, "--bind", endpoint, "--keys", keys, "--db", harness.databasePath,
             "--heartbeat-ms", "200", "--liveness-ms", "1500"],
            in: hosts.coordinatorNamespace, harness: harness, label: "coordinator")
        let workers = try (1...2).map { number in
            try hosts.start(
                ["worker", "--connect", endpoint, "--processes", "1", "--key", keys + "/workers/worker-\(number).key",
                 "--server-key", keys + "/coordinator.pub", "--give-up-after", "60"],
                in: hosts.workerNamespace, harness: harness, label: "worker\(number)")
        }
        try await coordinator.wait(timeout: 300)
        for worker in workers { try await worker.wait(timeout: 30) }
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(workers.allSatisfy { $0.status == 0 }, "\(workers.map(\.stderr))")
        #expect(coordinator.stderr.contains("CURVE, 2 authorized worker keys"))
        #expect(coordinator.stderr.components(separatedBy: "worker joined").count - 1 == 2, "\(coordinator.stderr)")
        let stored = try harness.storedResults()
        #expect(stored.count == 16)
        #expect(bits(stored) == bits(try await harness.inProcessResults()))
    }
}
