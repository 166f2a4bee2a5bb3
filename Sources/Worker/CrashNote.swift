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
