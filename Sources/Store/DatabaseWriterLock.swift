import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exclusive right to write one run's database, held by one coordinator for its whole life.
///
/// The lock is the file `<database path>.lock` beside the database, locked with `flock(LOCK_EX | LOCK_NB)`
/// on a descriptor kept open until ``release()`` (or until the holder is deallocated or dies). While held,
/// the file names its holder — host, pid, start time and command line — so that a second coordinator is
/// refused with a message saying who has the database.
///
/// Why `flock`: the kernel drops the lock when the descriptor is closed, so a holder killed with `kill -9`,
/// or one that crashed, leaves a lock file that the next coordinator simply takes over — no stale-pid
/// guessing and no "remove the lock file by hand". `flock` locks belong to the open file description, not the
/// process, so a second open of the file in the same process conflicts too (unlike `fcntl` locks, which are
/// per process and which SQLite itself uses on the database file; the two kinds do not interact locally).
///
/// On NFS: Linux implements `flock` on an NFS mount as a whole-file `fcntl` lock that the server arbitrates
/// (NLM for NFSv3, the protocol's own locks for NFSv4), so coordinators on different hosts do exclude each other
/// — but with `fcntl` semantics: a second lock from the same process is then granted, and a mount with `nolock`
/// or `local_lock=flock` makes the lock local to one host and protects nothing across hosts. A holder whose
/// host crashed keeps the lock until the server's lease expires (about 90 s for NFSv4). SQLite's WAL mode needs
/// every connection on one host anyway (shared memory), so keep the database on a local disk.
///
/// Releasing removes the file. Taking the lock checks, after `flock` succeeds, that the locked file is still
/// the one at the path (not one removed by a releasing holder meanwhile) and retries otherwise, so two holders
/// can never each lock a different file.
public final class DatabaseWriterLock: Sendable {
    /// The lock file's path: the database path followed by `.lock`.
    public let path: String
    /// The open, locked descriptor; nil once released.
    private let descriptor: Mutex<Int32?>

    /// Takes the writer lock of the database at `databasePath`, or fails at once if another holder has it.
    ///
    /// - Parameters:
    ///   - databasePath: The run's SQLite file (it need not exist yet; its folder must).
    ///   - command: The holder's command line, recorded in the lock file for the message a second coordinator gets.
    /// - Throws: ``StoreError`` naming the current holder (pid, host, start time, command) if the database is in
    ///   use, or saying why the lock file cannot be created.
    public init(databasePath: String, command: String) throws {
        path = databasePath + ".lock"
        let holder = Self.holderDescription(command: command)
        var attempts = 0
        while true {
            attempts += 1
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw StoreError("cannot create the lock file \(path) of \(databasePath): \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let failure = errno
                let recorded = Self.read(fd)
                close(fd)
                guard failure == EWOULDBLOCK else {
                    throw StoreError("cannot lock \(path) of \(databasePath): \(String(cString: strerror(failure)))")
                }
                throw StoreError(
                    "\(databasePath) is in use by another lyapsweep coordinator: \(Self.describe(recorded)); "
                        + "stop it first or use another --db")
            }
            // A releasing holder removes the file after we opened it but before we locked it: our lock is then on
            // a file nobody else can find. Lock the file that is at the path instead.
            guard Self.isFile(fd, at: path) else {
                close(fd)
                guard attempts < 100 else { throw StoreError("cannot lock \(path): the file keeps being replaced") }
                continue
            }
            let bytes = Array(holder.utf8)
            guard ftruncate(fd, 0) == 0, bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
                let failure = errno
                unlink(path)
                close(fd)
                throw StoreError("cannot write the lock file \(path): \(String(cString: strerror(failure)))")
            }
            descriptor = Mutex(fd)
            return
        }
    }

    /// Gives the lock up: removes the lock file and closes its descriptor. Calling it again does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            // Only remove the path if it is still our file (it always is, unless someone removed it by hand).
            if Self.isFile(open, at: path) { unlink(path) }
            close(open)
            fd = nil
        }
    }

    deinit { release() }

    /// Whether a coordinator holds the writer lock of the database at `databasePath` right now (a read-only probe:
    /// a shared lock taken and dropped at once; a coordinator starting in that instant is refused as if in use).
    public static func isHeld(databasePath: String) -> Bool {
        let fd = open(databasePath + ".lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    /// The lock file's content for this process: `key = value` lines.
    private static func holderDescription(command: String) -> String {
        let started = ISO8601DateFormatter().string(from: Date())
        let oneLine = command.replacingOccurrences(of: "\n", with: " ")
        return """
            host = \(ProcessInfo.processInfo.hostName)
            pid = \(getpid())
            started = \(started)
            command = \(oneLine)

            """
    }

    /// "pid P on host H since T, command C" from a lock file's content, or what is known of it.
    static func describe(_ content: String) -> String {
        var fields: [String: String] = [:]
        for line in content.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let pid = fields["pid"], let host = fields["host"] else {
            return "its lock file names no holder yet (it is being taken right now)"
        }
        return "pid \(pid) on host \(host) since \(fields["started"] ?? "an unknown time"), command \(fields["command"] ?? "unknown")"
    }

    /// The whole content of an open file (at most 64 KiB), as UTF-8.
    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    /// Whether the open descriptor `fd` is the file now at `path` (same device and inode).
    private static func isFile(_ fd: Int32, at path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }
}
