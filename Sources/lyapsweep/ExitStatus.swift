import ArgumentParser
import Coordinator
import Runtime

extension ExitStatus {
    /// The status for argument-parser.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Opens the session of `source`; on failure prints the error and throws the matching exit status.
func openSession(_ source: SweepSource) throws -> SweepSession {
    do {
        return try SweepSession(source)
    } catch {
        printError(error.kind == .invalidSweep ? error.description : "lyapsweep: \(error.description)")
        switch error.kind {
        case .invalidSweep: throw ExitStatus.dataError.exitCode
        case .database: throw ExitStatus.databaseUnavailable.exitCode
        case .dashboard: throw ExitStatus.refused.exitCode
        }
    }
}

extension CoordinatorSummary {
    /// Prints why a finished `run` or `coordinator` did not succeed and throws its exit status; returns on success.
    func checkSucceeded() throws {
        if !complete {
            printError("lyapsweep: stopped before the sweep was complete; run the same command again to resume")
            throw ExitStatus.interrupted.exitCode
        }
        if progress.failed > 0 {
            printError("lyapsweep: \(progress.failed) tasks FAILED: they crashed their workers or were lost on several hosts "
                       + "(the log names them). Once the cause is fixed, add --retry-failed to the same command to compute them.")
            throw ExitStatus.tasksFailed.exitCode
        }
    }
}
