import Coordinator
import Dashboard
import Dynamics
import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import Store
import Sweep

/// `lyapsweep dashboard --db FILE`: the page, API and `/metrics` of a finished or interrupted run, read-only from its
/// database.
///
/// The database is read once, at start: the page shows the run as it was then (finished, or stopped with tasks left)
/// and never writes to it, so it may be served while no coordinator holds it, or beside one that resumes it.
public enum DatabaseDashboard {
    /// Serves the dashboard of the run in `database` on `host`:`port` (0: a free port), behind `token` if given,
    /// until SIGINT or SIGTERM.
    ///
    /// - Returns: success; ``ExitStatus/databaseUnavailable`` if the database cannot be read or holds no run;
    ///   ``ExitStatus/refused`` for a non-loopback address without a token or a port that cannot be bound.
    ///   The reason is printed on standard error.
    public static func serve(database: String, host: String, port: Int, token: String?) async -> ExitStatus {
        let settings = DashboardSettings(host: host, port: port, token: token)
        do {
            try settings.checkBind(tokenOption: "--token", hostOption: "--host")
        } catch {
            printError("lyapsweep: \(error)")
            return .refused
        }
        let board = StatusBoard()
        do {
            let store = try ResultStore(path: database, mode: .readOnly)
            defer { try? store.close() }
            let (status, lambda) = try snapshot(of: store, now: Date().timeIntervalSince1970)
            board.publish(status: status, lambda: lambda)
        } catch {
            printError("lyapsweep: cannot read \(database): \(error)")
            return .databaseUnavailable
        }
        let server = DashboardServer(
            settings: settings, board: board, registry: PrometheusCollectorRegistry(), kernelVariant: KernelVariant.active.rawValue,
            database: database, logger: Logger(label: "lyapsweep.dashboard"))
        let service = ReadOnlyDashboardService(server: server)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
            logger: Logger(label: "lyapsweep.dashboard")))
        do {
            try await group.run()
        } catch {
            printError("lyapsweep: \(error)")
            return .refused
        }
        return .success
    }

    /// The run recorded in `store` as a coordinator would publish it: counts, every worker (dead if it was declared
    /// dead, else gone: no coordinator works with it now), rejected frames, and λ_nMLE per (η, ε) over the stored fits.
    ///
    /// Elapsed time runs from the run's creation to its recorded end, or else to the last message of a worker.
    ///
    /// - Parameter now: Seconds since 1970, for the workers' silence.
    /// - Throws: ``StoreError`` if the database holds no run or cannot be read.
    public static func snapshot(of store: ResultStore, now: Double) throws -> (CoordinatorStatus, LiveLambda) {
        guard let run = try store.run() else { throw StoreError("\(store.path) holds no run yet") }
        let definition = try store.definition()
        var lambda = LiveLambda(definition: definition)
        lambda.add(try store.fits())
        let counts = try store.taskCounts()
        let stored = try store.workers()
        let rejected = try store.counters().reduce(into: [String: Int]()) { result, counter in
            if counter.key.hasPrefix("rejected_frames.") { result[String(counter.key.dropFirst("rejected_frames.".count))] = counter.value }
        }
        var progress = CoordinatorProgress()
        progress.total = counts.values.reduce(0, +)
        progress.done = counts[.done] ?? 0
        progress.failed = counts[.failed] ?? 0
        progress.rejectedFrames = rejected.values.reduce(0, +)
        progress.trajectorySteps = progress.done * definition.trajectoryStepsPerTask
        let end = run.finishedAt ?? stored.map(\.lastSeen).max() ?? run.createdAt
        let workers = stored.sorted { $0.id < $1.id }.map { worker in
            WorkerStatus(
                id: worker.id, host: worker.host, pid: worker.pid, state: worker.state == "dead" ? .dead : .gone, inFlight: [],
                tasksDone: worker.tasksDone, meanTaskSeconds: nil, silentSeconds: max(0, now - worker.lastSeen),
                stepsInCurrentTask: 0, requeued: [])
        }
        var status = CoordinatorStatus(
            sweepName: run.sweepName, endpoint: "", insecure: false, elapsedSeconds: max(0, end - run.createdAt),
            stepsPerTask: definition.trajectoryStepsPerTask, livenessSeconds: 0, progress: progress, workers: workers,
            rejectedFrames: rejected)
        if definition.training.onset != nil {
            status.onset = OnsetPlan(definition: definition, tasks: try store.allTasks(), fits: try store.fits())?.state()
        }
        return (status, lambda)
    }
}

/// Serves a read-only dashboard until a graceful shutdown (SIGINT or SIGTERM), then stops it.
struct ReadOnlyDashboardService: Service {
    let server: DashboardServer

    func run() async throws {
        let running = try await server.start()
        let host = server.settings.host.contains(":") ? "[\(server.settings.host)]" : server.settings.host
        printError("lyapsweep: dashboard of \(server.feed.database ?? "") at http://\(host):\(running.port)/"
                   + "\(server.settings.token == nil ? "" : "?token=…") (read-only; Ctrl-C stops it)")
        try? await gracefulShutdown()
        await running.stop()
    }
}
