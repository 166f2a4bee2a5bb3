import ArgumentParser
import Runtime

extension ExitStatus {
    /// The status for argument-parser.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Opens the session of `source`, or throws the exit status of why not (the reason is already printed).
func openSession(_ source: SweepSource) throws -> SweepSession { try SweepSession.open(source).orExit() }

extension Result where Failure == SessionFailure {
    /// The value, or the failure's exit status thrown (its reason is already printed).
    func orExit() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let failure): throw failure.status.exitCode
        }
    }
}
