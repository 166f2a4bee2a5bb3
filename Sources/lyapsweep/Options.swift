import ArgumentParser
import Dashboard
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

/// Options shared by `run` and `coordinator`: the web dashboard and `/metrics`.
struct DashboardOptions: ParsableArguments {
    @Option(help: "Serve the live web dashboard, its JSON API (/api/) and Prometheus /metrics on this TCP port.")
    var dashboard: Int?

    @Option(help: "The dashboard's address; anything but loopback needs --dashboard-token.")
    var dashboardHost: String = "127.0.0.1"

    @Option(help: "A token every dashboard request must carry (Authorization: Bearer TOKEN or ?token=TOKEN); /healthz excepted.")
    var dashboardToken: String?

    @Option(help: "Keep serving the dashboard this many seconds after the sweep ends (a last scrape sees the end state).")
    var dashboardLinger: Double = 0

    func validate() throws {
        if let dashboard, !(0...65535).contains(dashboard) { throw ValidationError("--dashboard must be a TCP port, 0…65535") }
        guard dashboardLinger >= 0 else { throw ValidationError("--dashboard-linger must not be negative") }
    }

    /// The dashboard's settings, or nil without --dashboard.
    var settings: DashboardSettings? {
        dashboard.map { DashboardSettings(host: dashboardHost, port: $0, token: dashboardToken) }
    }
}
