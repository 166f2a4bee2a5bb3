/// The exit statuses of `lyapsweep`, after BSD's sysexits.h where one fits; `lyapsweep --help` lists them.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Everything asked was done.
    case success = 0
    /// An error without a more specific status (e.g. `status` found the run or coordinator unhealthy).
    case failure = 1
    /// A setting was refused: keys that cannot be read, a plaintext bind on the network, a dashboard port.
    case refused = 2
    /// A worker was refused by its coordinator (e.g. another protocol version).
    case workerRefused = 3
    /// A worker gave up: no coordinator answered within `--give-up-after`.
    case workerGaveUp = 4
    /// `run` or `coordinator` ended with failed tasks (`--retry-failed` computes them again).
    case tasksFailed = 5
    /// Wrong command line: an unknown option, a missing argument, a value out of range (swift-argument-parser's own).
    case usage = 64
    /// A sweep file or `--ics` override breaks a rule; each problem is printed as FILE:LINE: FIELD: MESSAGE.
    case dataError = 65
    /// A temporary failure: the database is in use by another coordinator, belongs to another sweep, or is unreadable.
    case databaseUnavailable = 75
    /// Stopped by SIGINT or SIGTERM before the sweep was complete; the same command resumes.
    case interrupted = 130

    /// One line per status, for `--help`.
    public static var helpText: String {
        allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \($0.meaning)" }.joined(separator: "\n")
    }

    /// What the status means, in a few words.
    public var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "an error not listed here"
        case .refused: "a setting was refused (keys, bind address, dashboard)"
        case .workerRefused: "worker: refused by the coordinator"
        case .workerGaveUp: "worker: no coordinator within --give-up-after"
        case .tasksFailed: "run, coordinator: the sweep ended with failed tasks (--retry-failed)"
        case .usage: "wrong command line"
        case .dataError: "invalid sweep file or override (FILE:LINE: FIELD: MESSAGE)"
        case .databaseUnavailable: "database in use by another coordinator, another sweep's, or unreadable"
        case .interrupted: "stopped before the sweep was complete (the same command resumes)"
        }
    }
}
