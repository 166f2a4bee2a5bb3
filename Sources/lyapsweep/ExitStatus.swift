import ArgumentParser
import Coordinator
import Runtime

/// The exit statuses of `lyapsweep`, listed in `lyapsweep --help`.
enum ExitStatus: Int32, CaseIterable {
    /// Done: every task computed, or the command did what it was asked.
    case success = 0
    /// An error not listed below (its message says what).
    case failure = 1
    /// A setting was refused before anything ran: keys, bind address, dashboard address or port.
    case refused = 2
    /// `worker`: the coordinator refused this worker (e.g. another protocol version).
    case workerRefused = 3
    /// `worker`: no coordinator answered within --give-up-after.
    case workerGaveUp = 4
    /// `run`, `coordinator`: the sweep ended with failed tasks (see --retry-failed).
    case tasksFailed = 5
    /// The command line is wrong (argument-parser prints the usage).
    case usage = 64
    /// A sweep file or an override is invalid (every problem as FILE:LINE: FIELD: MESSAGE).
    case dataError = 65
    /// The database cannot be used: another coordinator holds it, it holds another sweep, or it cannot be opened.
    case databaseUnavailable = 75
    /// Stopped by SIGINT/SIGTERM before the sweep was complete; the same command resumes.
    case interrupted = 130

    /// The status for argument-parser.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// One line per status, for `--help`.
    static var helpText: String {
        let lines: [(ExitStatus, String)] = [
            (.success, "success"), (.failure, "an error not listed here"),
            (.refused, "a setting was refused (keys, bind address, dashboard)"),
            (.workerRefused, "worker: refused by the coordinator"), (.workerGaveUp, "worker: no coordinator within --give-up-after"),
            (.tasksFailed, "run, coordinator: the sweep ended with failed tasks (--retry-failed)"),
            (.usage, "wrong command line"), (.dataError, "invalid sweep file or override"),
            (.databaseUnavailable, "database in use by another coordinator, another sweep's, or unreadable"),
            (.interrupted, "stopped before the sweep was complete (the same command resumes)"),
        ]
        return lines.map { "  \(String($0.0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n")
    }
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
