import ArgumentParser
import Coordinator
import Dashboard
import Foundation
import Logging
import Prometheus
import Report
import Store
import Sweep

/// The parts `run` and `coordinator` share: open the sweep and its database, run a coordinator with a
/// progress line, and print and write the results.
struct SweepSession {
    let sweep: LoadedSweep
    let context: SweepContext
    let store: ResultStore
    let outputDirectory: String
    let started = Date()

    /// Loads and validates the sweep, opens (or resumes) its database.
    static func open(_ options: SweepOptions) throws -> SweepSession {
        var sweep: LoadedSweep
        let context: SweepContext
        do {
            sweep = try SweepFile.load(path: options.sweepFile)
            if let ics = options.ics { sweep = try sweep.overriding(ics: ics) }
            context = try SweepContext(sweep)
        } catch let error as SweepFileError {
            printError(error.description)
            throw ExitStatus.dataError.exitCode
        }
        let dbPath = options.db ?? "results/\(sweep.definition.name)/results.sqlite"
        do {
            let store = try ResultStore(path: dbPath)
            let created = try store.beginRun(sweep: sweep, tasks: context.tasks, softwareVersion: LyapsweepVersion.current)
            if !created {
                let done = try store.taskIDs(state: .done).count
                printError("lyapsweep: resuming \(dbPath): \(done) of \(context.tasks.count) tasks already done")
            }
            let out = options.out ?? (dbPath as NSString).deletingLastPathComponent
            return SweepSession(sweep: sweep, context: context, store: store, outputDirectory: out.isEmpty ? "." : out)
        } catch let error as StoreError {
            printError("lyapsweep: \(error.description)")
            throw ExitCode(2)
        }
    }

    /// A coordinator for this session; with `dashboard`, its metrics go to the dashboard's registry.
    func makeCoordinator(configuration: CoordinatorConfiguration, logger: Logger, dashboard: SessionDashboard? = nil) -> Coordinator {
        Coordinator(sweep: sweep, store: store, configuration: configuration, logger: logger, metrics: dashboard?.metrics)
    }

    /// Runs the coordinator on its own thread, drawing progress (and serving the dashboard, if any) until it returns.
    func runCoordinator(_ coordinator: Coordinator, quiet: Bool, dashboard: SessionDashboard? = nil) async throws -> CoordinatorSummary {
        let running = try await dashboard?.start(board: coordinator.statusBoard)
        let line = ProgressLine(enabled: !quiet)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                line.update(coordinator.statusBoard.snapshot?.status)
            }
        }
        defer { ticker.cancel() }
        let result = await Result(catching: { try await runOnThread { try coordinator.run() } })
        ticker.cancel()
        line.update(coordinator.statusBoard.snapshot?.status, force: true)
        line.finish()
        if let running, let dashboard {
            if case .success = result {
                // Linger for a last scrape, but not past a stop request (SIGTERM/SIGINT).
                let deadline = ContinuousClock.now + .seconds(dashboard.linger)
                while ContinuousClock.now < deadline && !coordinator.isStopRequested {
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            await running.stop()
        }
        return try result.get()
    }

    /// Prints the λ table and writes the result files from the database (all results, this session's and earlier ones).
    func finish(summary: CoordinatorSummary) throws {
        let fits = try store.fits()
        print(LambdaTableText.render(summary.rows))
        try ResultFiles.write(rows: summary.rows, fits: fits, sweepText: sweep.text, to: outputDirectory)
        let seconds = Date().timeIntervalSince(started)
        let progress = summary.progress
        print(String(format: "\n%d/%d tasks done%@ · %d trajectory-steps this session in %.1f s (%.0f trajectory-steps/s)",
                     progress.done, progress.total, progress.failed > 0 ? ", \(progress.failed) FAILED" : "",
                     progress.trajectorySteps, seconds, Double(progress.trajectorySteps) / max(seconds, 1e-9)))
        if progress.rejectedFrames > 0 {
            print("rejected frames: " + summary.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        print("database: \(store.path)")
        print("results: \(outputDirectory)")
        try store.close()
    }
}

/// The web dashboard of a `run` or `coordinator` (`--dashboard`), with the run's own metrics registry.
struct SessionDashboard {
    let settings: DashboardSettings
    /// Seconds to keep serving after the sweep ends.
    let linger: Double
    /// The registry `/metrics` renders; the coordinator records into it through ``metrics``.
    let registry = PrometheusCollectorRegistry()
    let metrics: DashboardMetricsFactory

    /// The dashboard of the command-line options, or nil without `--dashboard`; refuses a non-loopback
    /// address without a token (exit status 2 and the reason).
    init?(_ options: DashboardOptions, command: String) throws {
        guard let settings = options.settings else { return nil }
        do {
            try settings.checkBind()
        } catch {
            printError("lyapsweep \(command): \(error)")
            throw ExitCode(2)
        }
        self.settings = settings
        linger = options.dashboardLinger
        metrics = DashboardMetricsFactory(
            registry: registry, help: Coordinator.metricHelp,
            durationBuckets: ["lyapsweep_task_duration_seconds": Coordinator.taskDurationBuckets])
    }

    /// Starts serving and says where, on standard error; exits with status 2 if the port cannot be bound.
    func start(board: StatusBoard) async throws -> RunningDashboard {
        let server = DashboardServer(settings: settings, board: board, registry: registry, logger: Logger(label: "lyapsweep.dashboard"))
        do {
            let running = try await server.start()
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            printError("lyapsweep: dashboard at http://\(host):\(running.port)/\(settings.token == nil ? "" : "?token=…") (metrics at /metrics)")
            return running
        } catch {
            printError("lyapsweep: \(error)")
            throw ExitCode(2)
        }
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
