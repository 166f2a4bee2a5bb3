import ArgumentParser
import Coordinator
import Runtime

/// The exit statuses of `lyapsweep`, listed in `lyapsweep --help`.
enum ExitStatus: Int32, CaseIterable {
    // What each means: ``meaning``.
    case success = 0
    case failure = 1
    case refused = 2
    case workerRefused = 3
    case workerGaveUp = 4
    case tasksFailed = 5
    case usage = 64
    case dataError = 65
    case databaseUnavailable = 75
    case interrupted = 130

    /// The status for argument-parser.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// One line per status, for `--help`.
    static var helpText: String {
        allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }.joined(separator: "\n")
    }

    /// What the status means, in a few words.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "an error not listed here"
        case .refused: "a setting was refused (keys, bind address, dashboard)"
        case .workerRefused: "worker: refused by the coordinator"
        case .workerGaveUp: "worker: no coordinator within --give-up-after"
        case .tasksFailed: "run, coordinator: the sweep ended with failed tasks (--retry-failed)"
        case .usage: "wrong command line"
        case .dataError: "invalid sweep file or override"
        case .databaseUnavailable: "database in use by another coordinator, another sweep's, or unreadable"
        case .interrupted: "stopped before the sweep was complete (the same command resumes)"
        }
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
