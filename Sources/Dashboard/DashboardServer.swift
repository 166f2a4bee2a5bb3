import Coordinator
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The web dashboard of a running coordinator: one page, its JSON API, server-sent events, `/metrics` and `/healthz`.
///
/// | path | what |
/// |---|---|
/// | `/` | the page (HTML, CSS and JS embedded in the binary; no CDN) |
/// | `/api/progress`, `/api/workers`, `/api/lambda` | JSON (``ProgressPayload``, ``WorkersPayload``, ``LambdaPayload``) |
/// | `/api/events` | server-sent events `progress`, `workers`, `lambda`, at most one of each per second |
/// | `/metrics` | the run's Prometheus registry (with ``RunGauges`` set at each scrape) and ``ProcessMetrics``, in the text exposition format |
/// | `/healthz` | `ok`, never behind the token (Kubernetes probes) |
///
/// Everything is read from the coordinator's ``StatusBoard`` (published by the broker at most every 250 ms)
/// and the registry, so serving never blocks the broker loop.
public struct DashboardServer: Sendable {
    /// Where to listen and the token to demand.
    public let settings: DashboardSettings
    /// What the pages and the API show.
    public let feed: DashboardFeed
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The gauges set from the snapshot at each scrape.
    let gauges: RunGauges
    private let logger: Logger

    /// Creates a server; nothing listens until ``run(onListening:)``.
    ///
    /// - Parameters:
    ///   - settings: Address, port and token; check them with ``DashboardSettings/checkBind()`` first.
    ///   - board: The coordinator's status board, or a board holding the state read from `database`.
    ///   - registry: The run's metrics registry.
    ///   - kernelVariant: The ensemble kernel's name, the `variant` label of `lyapsweep_info`.
    ///   - database: The database a read-only dashboard shows (`lyapsweep dashboard --db`); nil for a live run.
    ///   - logger: Where the server logs.
    public init(settings: DashboardSettings, board: StatusBoard, registry: PrometheusCollectorRegistry, kernelVariant: String,
                database: String? = nil, logger: Logger) {
        self.settings = settings
        feed = DashboardFeed(board: board, database: database)
        self.registry = registry
        gauges = RunGauges(registry: registry, kernelVariant: kernelVariant)
        self.logger = logger
    }

    /// Serves until the calling task is cancelled.
    ///
    /// - Parameter onListening: Called with the bound port once the server accepts connections.
    /// - Throws: If the address cannot be bound.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeServiceGroup(onListening: onListening).run()
    }

    /// The HTTP server and the throughput sampler in one service group, shut down gracefully by the caller
    /// (event streams end within a second, then the group waits at most 3 s before cancelling).
    func makeServiceGroup(onListening: @escaping @Sendable (Int) async -> Void) -> ServiceGroup {
        let port = settings.port
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "lyapsweep"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [application, ThroughputSampler(feed: feed)], gracefulShutdownSignals: [], cancellationSignals: [],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        return ServiceGroup(configuration: configuration)
    }

    /// The routes, behind the token when one is set.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if let token = settings.token { router.add(middleware: TokenMiddleware(token: token)) }
        let feed = feed, registry = registry, gauges = gauges
        router.get("/healthz") { _, _ in Self.response("ok\n", type: "text/plain; charset=utf-8") }
        router.get("/") { _, _ in
            Self.response(DashboardPage.render(progress: feed.progress(), workers: feed.workers(), lambda: feed.lambda()),
                          type: "text/html; charset=utf-8")
        }
        router.get("/api/progress") { _, _ in Self.json(feed.progress()) }
        router.get("/api/workers") { _, _ in Self.json(feed.workers()) }
        router.get("/api/lambda") { _, _ in Self.json(feed.lambda()) }
        router.get("/api/events") { _, _ in Self.events(feed) }
        router.get("/metrics") { _, _ in
            gauges.record(feed.snapshot)
            return Self.response(registry.emitToString() + ProcessMetrics.exposition(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
        return router
    }

    static func response(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A payload as JSON, or 503 before the coordinator has published its first snapshot.
    static func json(_ payload: (some Encodable)?) -> Response {
        guard let payload else {
            return response("{\"error\":\"the coordinator has not started yet\"}", type: "application/json", status: .serviceUnavailable)
        }
        return response(payload.dashboardJSON(), type: "application/json")
    }

    /// The server-sent event stream: each published snapshot once, at most one per second, until the client leaves.
    static func events(_ feed: DashboardFeed) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init { writer in
            var lastSequence = -1
            var quietSeconds = 0
            while !Task.isCancelled && !feed.isClosed {
                if let snapshot = feed.snapshot, snapshot.sequence != lastSequence {
                    lastSequence = snapshot.sequence
                    quietSeconds = 0
                    var text = ""
                    if let progress = feed.progress() { text += ServerSentEvent.render(name: "progress", data: progress.dashboardJSON()) }
                    if let workers = feed.workers() { text += ServerSentEvent.render(name: "workers", data: workers.dashboardJSON()) }
                    if let lambda = feed.lambda() { text += ServerSentEvent.render(name: "lambda", data: lambda.dashboardJSON()) }
                    try await writer.write(ByteBuffer(string: text))
                } else {
                    quietSeconds += 1
                    // A comment every 15 s keeps proxies from closing an idle stream.
                    if quietSeconds % 15 == 0 { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                }
                try await Task.sleep(for: .seconds(1))
            }
            try await writer.finish(nil)
        })
    }
}

/// Samples the feed's throughput once a second while the dashboard runs.
struct ThroughputSampler: Service {
    let feed: DashboardFeed

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    feed.sample()
                    try await Task.sleep(for: .seconds(1))
                }
            }
        } catch is CancellationError {
            return
        }
    }
}

/// The text of one server-sent event.
enum ServerSentEvent {
    /// `event: NAME` and one `data:` line per line of `data`, then a blank line.
    static func render(name: String, data: String) -> String {
        "event: \(name)\n" + data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }
}
