import Coordinator
import Dashboard
import Dynamics
import Logging
import Prometheus
import ServiceLifecycle

/// The web dashboard of a `run` or `coordinator`, with the run's own metrics registry.
public struct SessionDashboard: Sendable {
    /// Address, port and token.
    public let settings: DashboardSettings
    /// How long to keep serving after the sweep is complete (a last scrape sees the end state).
    public let linger: Duration
    /// The registry `/metrics` renders; the coordinator records into it through ``metrics``.
    public let registry = PrometheusCollectorRegistry()
    /// The metrics factory a coordinator records into.
    public let metrics: DashboardMetricsFactory

    /// A dashboard with these settings.
    ///
    /// - Throws: ``SessionError`` (kind ``SessionError/Kind/dashboard``) for a non-loopback address without a token.
    public init(settings: DashboardSettings, linger: Duration) throws(SessionError) {
        do {
            try settings.checkBind()
        } catch {
            throw SessionError(.dashboard, "\(error)")
        }
        self.settings = settings
        self.linger = linger
        metrics = DashboardMetricsFactory(
            registry: registry, help: Coordinator.metricHelp,
            durationBuckets: ["lyapsweep_task_duration_seconds": Coordinator.taskDurationBuckets])
    }
}

extension SessionDashboard {
    /// The dashboard of these settings; on failure prints why on standard error.
    ///
    /// - Returns: the dashboard, or ``ExitStatus/refused`` for a non-loopback address without a token.
    public static func open(_ settings: DashboardSettings, linger: Duration) -> Result<SessionDashboard, SessionFailure> {
        do {
            return .success(try SessionDashboard(settings: settings, linger: linger))
        } catch {
            printError("lyapsweep: \(error.description)")
            return .failure(SessionFailure(status: .refused))
        }
    }
}

/// The dashboard as a service: serves until shutdown; after a complete sweep it lingers first.
struct DashboardService: Service {
    let dashboard: SessionDashboard
    let coordinator: Coordinator

    init(_ dashboard: SessionDashboard, coordinator: Coordinator) {
        self.dashboard = dashboard
        self.coordinator = coordinator
    }

    func run() async throws {
        let settings = dashboard.settings
        let server = DashboardServer(settings: settings, board: coordinator.statusBoard, registry: dashboard.registry,
                                     kernelVariant: KernelVariant.active.rawValue, logger: Logger(label: "lyapsweep.dashboard"))
        let running: RunningDashboard
        do {
            running = try await server.start()
        } catch {
            throw SessionError(.dashboard, "\(error)")
        }
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        printError("lyapsweep: dashboard at http://\(host):\(running.port)/\(settings.token == nil ? "" : "?token=…") (metrics at /metrics)")
        try? await gracefulShutdown()
        if coordinator.isFinished {
            try? await Task.sleep(for: dashboard.linger)
        }
        await running.stop()
    }
}
