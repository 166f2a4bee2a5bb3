import ArgumentParser

/// The exit statuses of `lyapsweep`, after BSD's sysexits.h where one fits; the root command's help lists them.
enum ExitStatus: Int32, CaseIterable {
    /// Everything asked was done.
    case success = 0
    /// A failure without a more specific status (e.g. `status` found the run or coordinator unhealthy).
    case failure = 1
    /// The setup refused: a database that cannot be opened or belongs to another sweep, keys that cannot be
    /// read, a plaintext bind on the network, a dashboard port that cannot be bound.
    case setupFailed = 2
    /// A worker was refused by its coordinator (e.g. another protocol version).
    case refused = 3
    /// A worker gave up: no coordinator answered within `--give-up-after`.
    case noCoordinator = 4
    /// Wrong command-line usage: an unknown option, a missing argument or a value out of range (swift-argument-parser's own).
    case usage = 64
    /// The input data is wrong: a sweep file that breaks a rule (each problem printed as FILE:LINE: FIELD: MESSAGE).
    case dataError = 65
    /// An input file does not exist or cannot be read (a database, a sweep file, a dataset).
    case noInput = 66
    /// A service is unavailable (e.g. no coordinator answers `status`).
    case unavailable = 69
    /// An internal error: a bug in lyapsweep.
    case software = 70
    /// An output file or folder cannot be created.
    case cannotCreate = 73
    /// A temporary failure: trying again later may work.
    case tempFail = 75
    /// Stopped by SIGINT or SIGTERM before the work was complete; running the same command again resumes.
    case interrupted = 130

    /// The status as swift-argument-parser's exit code, to throw from a command.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// One line per status, "  65  dataError: …", for the root command's help.
    static let helpText: String = allCases.map { status in
        let number = String(status.rawValue)
        return String(repeating: " ", count: 5 - number.count) + number + "  " + status.meaning
    }.joined(separator: "\n")

    /// What the status means, in a few words.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "failure (e.g. `status` found a problem)"
        case .setupFailed: "setup refused: database, keys, bind rule or dashboard port"
        case .refused: "worker refused by the coordinator"
        case .noCoordinator: "worker gave up: no coordinator within --give-up-after"
        case .usage: "command-line usage error"
        case .dataError: "bad sweep file (FILE:LINE: FIELD: MESSAGE on standard error)"
        case .noInput: "an input file does not exist or cannot be read"
        case .unavailable: "a service is unavailable"
        case .software: "internal error"
        case .cannotCreate: "an output file cannot be created"
        case .tempFail: "temporary failure; try again"
        case .interrupted: "stopped by a signal before completion; run again to resume"
        }
    }
}
