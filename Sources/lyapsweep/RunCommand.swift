import ArgumentParser
import Coordinator
import Foundation
import Logging

/// `lyapsweep run`: a coordinator and local worker processes in one command.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compute a sweep on this machine and print the λ_nMLE table.",
        discussion: """
            Validates the sweep file, starts a coordinator and --workers worker processes (real OS processes talking \
            ZeroMQ over ipc), stores every result in the database, prints λ_nMLE per (η, ε), and writes lambda.csv/json \
            and fits.csv/json next to the database. Ctrl-C stops everything cleanly; running the same command again \
            resumes from the database.
            """
    )

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Dashboard") var dashboard: DashboardOptions

    @Option(help: "Local worker processes (default: the number of cores; at most 4 per core and 32 MiB of available memory each).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        try WorkerProcessLimit.check(workers, option: "--workers")
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .warning)
        let watch = try SessionDashboard(dashboard, command: "run")
        let session = try SweepSession.open(sweep)
        let socketPath = NSTemporaryDirectory() + "lyapsweep-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ipc"
        let endpoint = "ipc://" + socketPath
        let coordinator = session.makeCoordinator(
            configuration: CoordinatorConfiguration(endpoint: endpoint), logger: Logger(label: "lyapsweep.coordinator"),
            dashboard: watch)
        // No more worker processes than tasks left to compute (none when a resumed run has nothing left).
        let processes = min(workers, try session.store.taskIDs(state: .pending).count)
        if !logging.quiet {
            printError("lyapsweep: \(session.sweep.definition.name): \(session.context.tasks.count) tasks, "
                       + "\(session.context.trajectoryStepsPerTask) trajectory-steps each, on \(processes) worker processes")
        }
        var workerArguments = ["worker", "--connect", endpoint, "--processes", "1", "--parent-pid", "\(getpid())", "--give-up-after", "30"]
        workerArguments += ["--log-level", (logging.logLevel ?? .warning).rawValue]
        let pool = try WorkerPool(count: processes, arguments: workerArguments, respawn: true)
        let signals = SignalTrap {
            coordinator.requestStop()
            pool.terminateAll()
        }
        defer {
            signals.cancel()
            pool.stop(graceSeconds: 5)
            try? FileManager.default.removeItem(atPath: socketPath)
        }
        let watcher = Task {
            _ = await pool.waitForAll()
            let progress = coordinator.progress.withLock { $0 }
            if !Task.isCancelled && progress.done + progress.failed < progress.total {
                printError("lyapsweep: every worker process exited before the sweep was complete")
                coordinator.requestStop()
            }
        }
        let summary = try await session.runCoordinator(coordinator, quiet: logging.quiet, dashboard: watch)
        watcher.cancel()
        pool.stop(graceSeconds: 5)
        try session.finish(summary: summary)
        if !summary.complete {
            printError("lyapsweep: stopped before the sweep was complete; run the same command again to resume")
            throw ExitCode(130)
        }
    }
}
