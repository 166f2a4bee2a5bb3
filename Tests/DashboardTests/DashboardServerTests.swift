import Coordinator
import Dashboard
import Foundation
import Logging
import Prometheus
import Testing

@Suite("The dashboard server on a real port")
struct DashboardServerTests {
    /// A server on a free loopback port over a board holding the fixture status.
    static func start(token: String?) async throws -> (RunningDashboard, PrometheusCollectorRegistry) {
        let board = StatusBoard()
        board.publish(status: fixtureStatus(), lambda: LiveLambda(definition: try fixtureDefinition()))
        let registry = PrometheusCollectorRegistry()
        let server = DashboardServer(settings: DashboardSettings(port: 0, token: token), board: board, registry: registry,
                                     kernelVariant: "default", logger: Logger(label: "test"))
        return (try await server.start(), registry)
    }

    @Test("with a token: every path but /healthz answers 401 without it, 200 with a bearer header or ?token=")
    func token() async throws {
        let (dashboard, _) = try await Self.start(token: "s3cret")
        defer { Task { await dashboard.stop() } }
        let base = "http://127.0.0.1:\(dashboard.port)"
        #expect(try await get(base + "/healthz").status == 200)
        for path in ["/", "/api/progress", "/api/workers", "/api/lambda", "/metrics"] {
            let refused = try await get(base + path)
            #expect(refused.status == 401, "\(path)")
            #expect(refused.body.contains("needs its token"))
            #expect(try await get(base + path, bearer: "wrong").status == 401, "\(path)")
            #expect(try await get(base + path + "?token=wrong").status == 401, "\(path)")
            #expect(try await get(base + path, bearer: "s3cret").status == 200, "\(path)")
            #expect(try await get(base + path + "?token=s3cret").status == 200, "\(path)")
        }
        await dashboard.stop()
    }

    @Test("the API serves the published snapshot as JSON, /metrics the registry as Prometheus text")
    func api() async throws {
        let (dashboard, registry) = try await Self.start(token: nil)
        let base = "http://127.0.0.1:\(dashboard.port)"
        let progress = try await get(base + "/api/progress")
        #expect(progress.contentType == "application/json")
        let decoded = try JSONDecoder().decode(ProgressPayload.self, from: Data(progress.body.utf8))
        #expect(decoded == ProgressPayload(status: fixtureStatus(), throughput: decoded.throughput))
        let workers = try JSONDecoder().decode(WorkersPayload.self, from: Data(try await get(base + "/api/workers").body.utf8))
        #expect(workers.workers.map(\.state) == [.alive, .stale, .dead])
        #expect(workers.workers[2].requeued == [5])
        let lambda = try JSONDecoder().decode(LambdaPayload.self, from: Data(try await get(base + "/api/lambda").body.utf8))
        #expect(lambda.etas == [0.5, 2] && lambda.epsilons == [1e-12, 1e-8, 1e-4] && lambda.points.count == 6)
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "probe", unitName: "total", helpText: "a probe")).increment()
        let metrics = try await get(base + "/metrics")
        #expect(metrics.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.body.contains("# HELP probe_total a probe\n# TYPE probe_total counter\nprobe_total 1\n"))
        await dashboard.stop()
    }

    @Test("before the coordinator publishes, the API answers 503 and the page still loads")
    func beforeFirstSnapshot() async throws {
        let server = DashboardServer(settings: DashboardSettings(port: 0), board: StatusBoard(),
                                     registry: PrometheusCollectorRegistry(), kernelVariant: "default", logger: Logger(label: "test"))
        let dashboard = try await server.start()
        let base = "http://127.0.0.1:\(dashboard.port)"
        #expect(try await get(base + "/api/progress").status == 503)
        let page = try await get(base + "/")
        #expect(page.status == 200 && page.body.contains("const initial = {\"progress\":null,\"workers\":null,\"lambda\":null};"))
        await dashboard.stop()
    }

    @Test("a port already taken is reported, not ignored")
    func portTaken() async throws {
        let (first, _) = try await Self.start(token: nil)
        let second = DashboardServer(settings: DashboardSettings(port: first.port), board: StatusBoard(),
                                     registry: PrometheusCollectorRegistry(), kernelVariant: "default", logger: Logger(label: "test"))
        let error = await #expect(throws: DashboardStartError.self) { _ = try await second.start() }
        #expect(error?.description.contains("127.0.0.1:\(first.port)") == true)
        await first.stop()
    }

    @Test("the event stream sends progress, workers and lambda events at once")
    func events() async throws {
        let (dashboard, _) = try await Self.start(token: nil)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sN", "--max-time", "120", "http://127.0.0.1:\(dashboard.port)/api/events"]
        let pipe = Pipe()
        curl.standardOutput = pipe
        let received = ReceivedText()
        pipe.fileHandleForReading.readabilityHandler = { received.append($0.availableData) }
        try curl.run()
        // Poll without blocking the test's thread: the server's handlers share the concurrency pool.
        let expected = ["event: progress\ndata: {", "\n\nevent: workers\ndata: {", "\n\nevent: lambda\ndata: {"]
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, !expected.allSatisfy({ received.text.contains($0) }) {
            try await Task.sleep(for: .milliseconds(50))
        }
        curl.terminate()
        pipe.fileHandleForReading.readabilityHandler = nil
        let text = received.text
        #expect(text.hasPrefix("event: progress\ndata: {"))
        #expect(text.contains("\n\nevent: workers\ndata: {"))
        #expect(text.contains("\n\nevent: lambda\ndata: {"))
        await dashboard.stop()
    }
}

/// Bytes a pipe's readability handler delivers, collected under a lock.
private final class ReceivedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
