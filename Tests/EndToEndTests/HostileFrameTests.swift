import Foundation
import Store
import Sweep
import Testing
import Wire
import ZeroMQ

@Suite("Hostile input on the wire", .serialized)
struct HostileFrameTests {
    @Test("10,000 random, truncated and oversized frames: the coordinator keeps running and the sweep completes correctly")
    func garbageFrames() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(DistributedRunTests.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        defer { coordinator.signal(SIGKILL) }
        // The attack comes before any worker: a sweep that finished first would leave frames unread.
        let context = try Context()
        let attacker = try context.makeSocket(.dealer)
        try attacker.setLinger(milliseconds: 0)
        try attacker.setSendHighWaterMark(0)
        try attacker.connect(endpoint)
        var stream = SystemRandomNumberGenerator()
        let valid = WireCodec.encode(.hello(Hello(workerID: "x", host: "h", pid: 1, processes: 1, softwareVersion: "0")))
        var sent = 0
        var invalid = 0  // frames the protocol must reject (a truncation can land on a field boundary and stay valid)
        for index in 0..<10_000 {
            let frames: [[UInt8]]
            switch index % 5 {
            case 0:  // random bytes, one frame
                frames = [(0..<Int.random(in: 0...64, using: &stream)).map { _ in UInt8.random(in: 0...255, using: &stream) }]
            case 1:  // random bytes, several frames
                frames = (0..<Int.random(in: 2...5, using: &stream)).map { _ in
                    (0..<Int.random(in: 0...32, using: &stream)).map { _ in UInt8.random(in: 0...255, using: &stream) }
                }
            case 2:  // a valid header with a truncated payload
                frames = [valid[0], Array(valid[1].prefix(max(0, valid[1].count - 1 - index % 7)))]
            case 3:  // a valid header and a random payload
                frames = [valid[0], (0..<40).map { _ in UInt8.random(in: 0...255, using: &stream) }]
            default:  // a bad magic
                frames = [Array("NOPE".utf8) + valid[0].dropFirst(4), valid[1]]
            }
            if (try? WireCodec.decode(frames)) == nil { invalid += 1 }
            if try attacker.send(frames) { sent += 1 }
        }
        // A few RESULTs one byte over the largest this sweep can produce: read, counted and dropped undecoded.
        let largest = WireProtocol.largestResultPayload(for: try SweepFile.load(path: harness.sweepPath).definition)
        let resultHeader = Array(valid[0].prefix(6)) + [WireMessageType.result.rawValue] + Array(valid[0].dropFirst(7))
        for _ in 0..<3 {
            if try attacker.send([resultHeader, [UInt8](repeating: 7, count: largest + 1)]) { sent += 1 }
            invalid += 1
        }
        #expect(sent == 10_003)
        #expect(invalid > 9_500)

        // The coordinator has read them all when its own count (from `status --connect`) says so.
        func rejectedSoFar() async throws -> Int {
            let status = try await harness.run(["status", "--connect", endpoint, "--json", "--timeout", "5"], label: "status", timeout: 60)
            let json = try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            return ((json?["rejectedFrames"] as? [String: Int]) ?? [:]).values.reduce(0, +)
        }
        var seen = try await rejectedSoFar()
        let deadline = Date().addingTimeInterval(120)
        while seen < invalid && Date() < deadline {
            try await Task.sleep(for: .milliseconds(500))
            seen = try await rejectedSoFar()
        }
        #expect(seen == invalid, "the coordinator read every frame before the workers came")

        let workers = try DistributedRunTests.startWorkers(2, harness, endpoint: endpoint)
        let store = try ResultStore(path: harness.databasePath)
        try await coordinator.wait(timeout: 300)
        for worker in workers { try await worker.wait(timeout: 30) }
        attacker.close()
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(coordinator.stderr.contains("dropped invalid frame"))
        let rejected = try store.counters().filter { $0.key.hasPrefix("rejected_frames.") }
        #expect(rejected.values.reduce(0, +) == invalid, "\(rejected)")
        #expect(rejected["rejected_frames.oversized_result"] == 3, "\(rejected)")
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
    }
}
