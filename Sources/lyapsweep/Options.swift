import ArgumentParser
import Coordinator
import Dashboard
import Foundation
import Logging
import Runtime
import Sweep

/// Options shared by `run` and `coordinator`: which sweep, where its database and tables go.
struct SweepOptions: ParsableArguments {
    @Argument(help: "The sweep file (TOML).", completion: .file(extensions: ["toml"]))
    var sweepFile: String

    @Option(help: "The results database (SQLite). Re-running on the same file resumes. (default: results/<sweep name>/results.sqlite)")
    var db: String?

    @Option(help: "Folder for the CSV/JSON tables. (default: the database's folder)")
    var out: String?

    @Option(help: "Override the number of initial conditions, for a quick look without editing the file (1…\(SweepLimits.maxICs); the file's other limits apply too).")
    var ics: Int?

    @Flag(help: "Compute again the tasks an earlier session gave up (they had crashed their workers).")
    var retryFailed = false

    func validate() throws {
        if let ics, !(1...SweepLimits.maxICs).contains(ics) {
            throw ValidationError("--ics is \(ics); allowed: 1…\(SweepLimits.maxICs) initial conditions per η (docs/sweep-limits.md)")
        }
    }

    /// The session's sweep, database and tables.
    var source: SweepSource {
        SweepSource(sweepFile: sweepFile, database: db, outputFolder: out, ics: ics, retryFailed: retryFailed)
    }
}

/// Options shared by `run` and `coordinator`: heartbeats, liveness, leases and failures.
struct SchedulingOptions: ParsableArguments {
    @Option(help: "Heartbeat interval in milliseconds (10…60000).")
    var heartbeatMs = 1000

    @Option(help: "A worker silent this many milliseconds is dead and its tasks are re-queued (at least 100 and 3 × --heartbeat-ms, at most 3600000).")
    var livenessMs = 5000

    @Option(help: "The shortest task lease in seconds; a task not returned within its lease (4 × the mean task time per task the worker holds, at least this) is also handed to another worker.")
    var leaseFloor: Double = 10

    @Option(help: "A task fails after crashing this many distinct worker processes, or after being lost on this many distinct hosts.")
    var failAfter = 3

    func validate() throws {
        guard (10...60_000).contains(heartbeatMs) else {
            throw ValidationError("--heartbeat-ms is \(heartbeatMs); allowed: 10…60000 milliseconds")
        }
        let minimumLiveness = max(100, 3 * heartbeatMs)
        guard (minimumLiveness...3_600_000).contains(livenessMs) else {
            throw ValidationError("""
                --liveness-ms is \(livenessMs); allowed: \(minimumLiveness)…3600000 milliseconds (at least 100 and 3 × \
                --heartbeat-ms, so a worker is not declared dead between two of its heartbeats)
                """)
        }
        guard leaseFloor.isFinite, leaseFloor > 0 else { throw ValidationError("--lease-floor must be a positive number of seconds") }
        guard failAfter >= 1 else { throw ValidationError("--fail-after must be at least 1") }
    }

    /// A coordinator configuration for `endpoint` with these settings.
    func configuration(endpoint: String) -> CoordinatorConfiguration {
        CoordinatorConfiguration(
            endpoint: endpoint, heartbeatInterval: .milliseconds(heartbeatMs),
            scheduling: SchedulerConfiguration(
                failAfter: failAfter, liveness: .milliseconds(livenessMs), lease: LeasePolicy(floor: .seconds(leaseFloor))))
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
        bootstrapStandardErrorLogging(level: logLevel ?? (quiet ? .warning : defaultLevel))
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

    @Option(help: "Keep serving the dashboard this many seconds after the sweep ends (a last scrape sees the end state; 0…3600).")
    var dashboardLinger: Double = 0

    func validate() throws {
        if let dashboard, !(0...65535).contains(dashboard) { throw ValidationError("--dashboard must be a TCP port, 0…65535") }
        guard dashboardLinger.isFinite, (0...3600).contains(dashboardLinger) else {
            throw ValidationError("--dashboard-linger is \(dashboardLinger); allowed: 0…3600 seconds")
        }
    }

    /// The dashboard of these options, or nil without --dashboard; refuses a non-loopback address without a token.
    func sessionDashboard() throws -> SessionDashboard? {
        guard let dashboard else { return nil }
        return try SessionDashboard.open(DashboardSettings(host: dashboardHost, port: dashboard, token: dashboardToken),
                                         linger: .seconds(dashboardLinger)).orExit()
    }
}

/// Options shared by `worker` and `status --connect`: the CURVE keys of a client of the coordinator.
struct ClientKeyOptions: ParsableArguments {
    @Option(help: "CURVE keys folder (`lyapsweep keys generate`): DIR/coordinator.pub and DIR/workers/worker-1.key.", completion: .directory)
    var keys: String?
    @Option(help: "An authorized secret key file (default with --keys: DIR/workers/worker-1.key).", completion: .file())
    var key: String?
    @Option(help: "The coordinator's public key file (default with --keys: DIR/coordinator.pub).", completion: .file())
    var serverKey: String?

    func validate() throws {
        if keys == nil && (key == nil) != (serverKey == nil) { throw ValidationError("--key and --server-key go together (or give --keys DIR)") }
    }
}
