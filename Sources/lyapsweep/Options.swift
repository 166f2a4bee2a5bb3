import ArgumentParser
import Foundation
import Logging

/// Options shared by `run` and `coordinator`: which sweep, where its database and tables go.
struct SweepOptions: ParsableArguments {
    @Argument(help: "The sweep file (TOML).", completion: .file(extensions: ["toml"]))
    var sweepFile: String

    @Option(help: "The results database (SQLite). Re-running on the same file resumes. (default: results/<sweep name>/results.sqlite)")
    var db: String?

    @Option(help: "Folder for the CSV/JSON tables. (default: the database's folder)")
    var out: String?

    @Option(help: "Override the number of initial conditions, for a quick look without editing the file.")
    var ics: Int?

    func validate() throws {
        if let ics, ics < 1 { throw ValidationError("--ics must be at least 1") }
    }
}

/// Options shared by every long-running command: how much to log.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Flag(help: "Print only the results (no progress, warnings and errors only).")
    var quiet = false

    /// Installs a standard-error log handler at the chosen level (default: `defaultLevel`, or warning with --quiet).
    func bootstrap(defaultLevel: Logger.Level) {
        let level = logLevel ?? (quiet ? .warning : defaultLevel)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
