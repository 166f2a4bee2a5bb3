import Logging
import Worker

/// `lyapsweep worker --processes N` with N > 1: N single-process workers, supervised by a ``WorkerPool``.
public enum WorkerSupervisor {
    /// Exit statuses after which a worker is not started again: done (0), refused by the coordinator (3), gave up (4).
    public static let finalStatuses: Set<Int32> = [0, 3, 4]

    /// Runs `processes` children with `arguments` (a `worker` command line with `--processes 1`) until they all
    /// finish or SIGTERM/SIGINT; a child that crashes or exits otherwise is started again.
    ///
    /// - Returns: the first non-zero exit status of a child, or nil if every child exited with 0.
    public static func run(processes: Int, arguments: [String], logger: Logger) async throws -> Int32? {
        let pool = WorkerPool(count: processes, arguments: arguments, policy: .init { exit in
            if case .exited(let status) = exit { return !finalStatuses.contains(status) }
            return true
        })
        try await runServiceGroup([pool], logger: logger)
        return pool.exits.lazy.compactMap { exit -> Int32? in
            if case .exited(let status) = exit, status != 0 { return status }
            return nil
        }.first
    }

    /// Runs one worker process until SHUTDOWN, refusal, abandonment or SIGTERM/SIGINT.
    public static func runOne(_ configuration: WorkerConfiguration, logger: Logger) async throws -> WorkerExit? {
        let worker = WorkerService(WorkerProcess(configuration: configuration, logger: logger))
        try await runServiceGroup([worker], logger: logger)
        return worker.exit
    }
}
