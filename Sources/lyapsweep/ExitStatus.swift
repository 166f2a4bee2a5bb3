import ArgumentParser
import Runtime

extension ExitStatus {
    /// The status for argument-parser.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Opens the session of `source`, or throws the exit status of why not (the reason is already printed).
func openSession(_ source: SweepSource) throws -> SweepSession {
    do { return try SweepSession.open(source).get() } catch { throw error.status.exitCode }
}
