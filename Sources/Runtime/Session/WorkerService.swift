import Logging
import ServiceLifecycle
import Synchronization
import Worker

/// One worker process's network loop and compute thread as a service; a graceful shutdown asks it to stop.
public final class WorkerService: Service, Sendable {
    private let worker: WorkerProcess
    private let outcome = Mutex<WorkerExit?>(nil)

    /// Wraps a worker that has not run yet.
    public init(_ worker: WorkerProcess) {
        self.worker = worker
    }

    /// Runs the worker until SHUTDOWN, refusal, abandonment or a graceful shutdown.
    public func run() async throws {
        let worker = worker
        let exit = try await withGracefulShutdownHandler {
            try await runOnThread(name: "lyapsweep-worker") { try worker.run() }
        } onGracefulShutdown: {
            worker.requestStop()
        }
        outcome.withLock { $0 = exit }
    }

    /// Why the worker stopped, once ``run()`` has returned.
    public var exit: WorkerExit? { outcome.withLock { $0 } }
}

/// Runs services as one group that shuts down gracefully on SIGTERM (what SLURM and Kubernetes send first) and
/// SIGINT, and as soon as the first service returns.
public func runServiceGroup(_ services: [any Service], logger: Logger) async throws {
    var configuration = ServiceGroupConfiguration(
        services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
        gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
    configuration.maximumGracefulShutdownDuration = .seconds(20)
    try await ServiceGroup(configuration: configuration).run()
}
