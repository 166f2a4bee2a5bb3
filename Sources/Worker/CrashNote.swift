import Foundation

/// The task a worker process is computing, kept in a small file so that whoever supervises the process can tell,
/// after a crash, which task crashed it.
///
/// The worker writes the task id before computing and clears it after (two 24-byte `pwrite`s per task, no
/// `fsync`: the supervisor reads the file after the process died, from the same machine's page cache).
public final class CrashNote: Sendable {
    private static let width = 24
    private let descriptor: Int32

    /// Creates (or truncates) the note at `path`.
    ///
    /// - Throws: ``CrashNoteError`` if the file cannot be created.
    public init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CrashNoteError(description: "cannot create crash note \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// Records the task being computed; nil when none is.
    public func computing(_ taskID: Int?) {
        let text = (taskID.map(String.init) ?? "").padding(toLength: Self.width - 1, withPad: " ", startingAt: 0) + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { buffer in pwrite(descriptor, buffer.baseAddress, Self.width, 0) }
    }

    /// The task recorded in the note at `path`, or nil if none is (or the file cannot be read).
    public static func read(path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A crash note file cannot be created.
public struct CrashNoteError: Error, CustomStringConvertible {
    /// The path and the reason.
    public let description: String
}

/// A worker process that died while computing a task, as its supervisor saw it.
public struct PredecessorCrash: Sendable, Equatable {
    /// The id of the worker process that died.
    public var workerID: String
    /// The task it was computing.
    public var taskID: Int
    /// How it died, e.g. "SIGSEGV".
    public var reason: String

    /// Creates a report.
    public init(workerID: String, taskID: Int, reason: String) {
        self.workerID = workerID
        self.taskID = taskID
        self.reason = reason
    }

    /// Parses `WORKER_ID:TASK:REASON` (the form `--report-crash` takes); nil if it is not of that form.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let taskID = Int(parts[parts.count - 2]), taskID >= 0 else { return nil }
        self.init(workerID: parts.dropLast(2).joined(separator: ":"), taskID: taskID, reason: String(parts.last!))
    }

    /// The `--report-crash` form.
    public var argument: String { "\(workerID):\(taskID):\(reason)" }
}

/// A switch for the tests of crash handling: in a debug build, `LYAPSWEEP_TEST_CRASH_TASK=N` makes a worker
/// crash (a trap, like a failed precondition) when it starts computing task N, unless the file named by
/// `LYAPSWEEP_TEST_CRASH_CURED` exists. Release builds ignore both.
enum CrashSwitch {
    static func crashIfAsked(taskID: Int) {
        #if DEBUG
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment["LYAPSWEEP_TEST_CRASH_TASK"], Int(text) == taskID else { return }
        if let cured = environment["LYAPSWEEP_TEST_CRASH_CURED"], FileManager.default.fileExists(atPath: cured) { return }
        fatalError("LYAPSWEEP_TEST_CRASH_TASK=\(taskID): crashing on purpose (a test of crash handling)")
        #endif
    }
}
