import Foundation
import GRDB

/// Folds the coordinator's write-ahead log into the database file on a connection and thread of its own.
///
/// By default SQLite checkpoints inside the commit that takes the log past 1,000 pages: that commit then copies
/// the log into the file and syncs it, and every result waiting on it waits too — the slowest commits of a run,
/// and so the tail of the time from TASK to ACK. The coordinator's writer turns that off
/// (`wal_autocheckpoint = 0`) and this checkpointer runs `PRAGMA wal_checkpoint(PASSIVE)` every
/// ``interval`` instead: a passive checkpoint never blocks the writer (it copies only committed frames and
/// never waits for a lock), and once it has copied the whole log the writer's next transaction starts the log
/// again from its beginning, so the log stays bounded. Durability is unchanged: each commit still syncs the log.
final class WALCheckpointer: Sendable {
    /// Time between checkpoints: a page the commits rewrite many times a second (the task table's, the tails of
    /// the result tables) is copied once a second, not at every checkpoint; the log holds at most about a second
    /// of writes. Measured at 1,000 simulated workers: 200 ms gave p99 TASK→ACK 34–70 ms over 10,000 small
    /// results, 1 s gave 29–60 ms.
    static let interval = DispatchTimeInterval.seconds(1)

    /// Signalled by ``stop()``: ends the wait between checkpoints and the thread.
    private let stopRequest = DispatchSemaphore(value: 0)
    /// Signalled by the thread when it has closed its connection.
    private let finished = DispatchSemaphore(value: 0)

    /// Opens a second connection to the database at `path` and starts checkpointing it on a thread of its own.
    /// - Throws: GRDB's error if the connection cannot be opened.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "checkpoint"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let (stopRequest, finished) = (stopRequest, finished)
        let thread = Thread {
            while stopRequest.wait(timeout: .now() + Self.interval) == .timedOut {
                // A failed checkpoint (a full disk) leaves the log longer; the commits report the disk's state.
                try? connection.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
            }
            try? connection.close()
            finished.signal()
        }
        thread.name = "lyapsweep-checkpoint"
        thread.start()
    }

    /// Stops checkpointing: waits for a checkpoint under way and for the connection to close.
    func stop() {
        stopRequest.signal()
        finished.wait()
        finished.signal()  // a second stop returns at once
    }
}
