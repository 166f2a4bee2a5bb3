import Coordinator
import Dynamics
import Logging

extension SweepSession {
    /// Opens the session of `source`; on failure prints the error on standard error.
    ///
    /// - Returns: the session, or the exit status the failure calls for.
    public static func open(_ source: SweepSource) -> Result<SweepSession, SessionFailure> {
        do {
            _ = try KernelVariant.selected()
        } catch {
            printError("lyapsweep: \(error)")
            return .failure(SessionFailure(status: .refused))
        }
        do {
            return .success(try SweepSession(source))
        } catch {
            printError(error.kind == .invalidSweep ? error.description : "lyapsweep: \(error.description)")
            switch error.kind {
            case .invalidSweep: return .failure(SessionFailure(status: .dataError))
            case .database: return .failure(SessionFailure(status: .databaseUnavailable))
            case .dashboard: return .failure(SessionFailure(status: .refused))
            }
        }
    }

    /// Runs the coordinator (with local workers and a dashboard, if given), prints the λ table (if the sweep is
    /// complete) and the result files' places, closes the database, and says on standard error why the run did not
    /// succeed; a stopped run is told the command that resumes it.
    ///
    /// - Returns: success, interrupted (the same command resumes) or tasks failed (`--retry-failed`).
    public func runToEnd(
        _ coordinator: Coordinator, workers: WorkerPool? = nil, dashboard: SessionDashboard?, showProgress: Bool, logger: Logger
    ) async throws -> ExitStatus {
        defer { try? close() }
        if let note = openingNote { printError(note) }
        let summary = try await run(coordinator, workers: workers, dashboard: dashboard, showProgress: showProgress, logger: logger)
        print(try publish(summary))
        if !summary.complete {
            let left = summary.progress.total - summary.progress.done - summary.progress.failed
            printError("lyapsweep: stopped before the sweep was complete (\(left) tasks left); resume with: "
                       + ResumeCommand.text(CommandLine.arguments))
            return .interrupted
        }
        if summary.progress.failed > 0 {
            printError("lyapsweep: \(summary.progress.failed) tasks FAILED: they crashed their workers or were lost on several hosts "
                       + "(the log names them). Once the cause is fixed, add --retry-failed to the same command to compute them.")
            return .tasksFailed
        }
        return .success
    }
}

/// A session that could not be opened, with the exit status that says why.
public struct SessionFailure: Error, Sendable {
    /// The exit status.
    public var status: ExitStatus
}
