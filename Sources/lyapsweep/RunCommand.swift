import ArgumentParser
import Coordinator
import Foundation
import Logging
import Runtime

/// `lyapsweep run`: a coordinator and local worker processes in one command.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compute a sweep on this machine and print the λ_nMLE table.",
        discussion: """
            Validates the sweep file, starts a coordinator and --workers worker processes (real OS processes talking \
            ZeroMQ over ipc), stores every result in the database, prints λ_nMLE per (η, ε), and writes lambda.csv/json \
            and fits.csv/json next to the database. A worker process that exits is started again (with back-off) \
            while tasks remain. Ctrl-C stops everything cleanly; running the same command again resumes from the \
            database. A task that crashed its worker 3 times is given up: the run then exits with status 5, and \
            --retry-failed computes it again once the cause is gone. Exit statuses: `lyapsweep --help`.
            """
    )

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Dashboard") var dashboard: DashboardOptions
    @OptionGroup(title: "Scheduling") var scheduling: SchedulingOptions

    @Option(help: "Local worker processes (default: the number of cores; at most 4 per core and 32 MiB of available memory each).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let problem = WorkerProcessLimit.problem(workers, option: "--workers") { throw ValidationError(problem) }
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .warning)
        let watch = try dashboard.sessionDashboard()
        let session = try openSession(sweep.source)
        let socketPath = NSTemporaryDirectory() + "lyapsweep-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ipc"
        defer { try? FileManager.default.removeItem(atPath: socketPath) }
        let endpoint = "ipc://" + socketPath
        let coordinator = session.makeCoordinator(
            configuration: scheduling.configuration(endpoint: endpoint), logger: Logger(label: "lyapsweep.coordinator"),
            dashboard: watch)
        // No more worker processes than tasks left to compute (none when a resumed run has nothing left).
        let processes = min(workers, try session.remainingTasks())
        if !logging.quiet { printError(session.startNote(workerProcesses: processes, endpoint: endpoint)) }
        let pool = WorkerPool.local(count: processes, endpoint: endpoint, logLevel: (logging.logLevel ?? .warning).rawValue, coordinator: coordinator)
        let status = try await session.runToEnd(
            coordinator, workers: pool, dashboard: watch, showProgress: !logging.quiet, logger: Logger(label: "lyapsweep.run"))
        if status != .success { throw status.exitCode }
    }
}
