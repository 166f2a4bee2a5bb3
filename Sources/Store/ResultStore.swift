import Analysis
import Dynamics
import Foundation
import GRDB
import Sweep

/// The durable record of one sweep run: the sweep, every task's state, every result's curves and fits,
/// the workers seen and the coordinator's counters — one SQLite file in WAL mode.
///
/// Each result is written in one transaction with `synchronous = FULL`, so once ``storeResult(_:taskID:workerID:fits:computeSeconds:)``
/// returns, the result survives a crash of the process or the machine. Reopening the same file resumes
/// the run: done tasks are kept, the rest are handed out again (tasks in flight are never marked in the
/// store, so a crash cannot leave one stranded).
public final class ResultStore: Sendable {
    /// The database file's path.
    public let path: String
    let pool: DatabasePool

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: a ``StoreError`` if the file cannot be opened or is not a lyapsweep database.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open \(path) as a lyapsweep database: \(error)")
        }
    }

    /// Closes the database: SQLite folds the write-ahead log into the file and removes the `-wal` and
    /// `-shm` files beside it, so a finished run leaves one file. The store cannot be used afterwards.
    public func close() throws {
        try pool.close()
        // GRDB closes the pool's writer before its read-only readers, and a read-only last connection cannot
        // remove the log; one connection opened and closed after them can.
        try DatabaseQueue(path: path).close()
    }

    // MARK: - The run

    /// The run recorded in this database, if any.
    public func run() throws -> StoredRun? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1").map { row in
                StoredRun(
                    sweepName: row["sweep_name"], sweepText: row["sweep_text"], sweepHash: row["sweep_hash"],
                    definitionJSON: row["definition_json"], softwareVersion: row["software_version"],
                    createdAt: row["created_at"], finishedAt: row["finished_at"])
            }
        }
    }

    /// Records a new run and all its tasks as pending, or checks that an existing run is the same sweep.
    ///
    /// - Returns: true if the run was created, false if an identical run was found (resume).
    /// - Throws: ``StoreError`` naming every field that differs if the stored sweep is another one.
    @discardableResult
    public func beginRun(sweep: LoadedSweep, tasks: [SweepTask], softwareVersion: String) throws -> Bool {
        let definitionJSON = try Self.canonicalJSON(sweep.definition)
        if let existing = try run() {
            if existing.definitionJSON != definitionJSON {
                let changes = SweepDifference.describe(stored: existing.definitionJSON, current: definitionJSON)
                throw StoreError("""
                    \(path) holds results of a different sweep; refusing to mix them. What changed:
                    \(changes.map { "  " + $0 }.joined(separator: "\n"))
                    Use another --db file, or restore the sweep file.
                    """)
            }
            return false
        }
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, sweep_name, sweep_text, sweep_hash, definition_json, software_version, created_at)
                    VALUES (1, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [sweep.definition.name, sweep.text, SweepHash.of(definitionJSON), definitionJSON, softwareVersion,
                            Date().timeIntervalSince1970])
            let insert = try db.makeStatement(sql: "INSERT INTO task (id, ic_index, eta_index, state) VALUES (?, ?, ?, 'pending')")
            let icCount = sweep.definition.ensemble.ics
            for task in tasks {
                try insert.execute(arguments: [task.id(icCount: icCount), task.icIndex, task.etaIndex])
            }
        }
        return true
    }

    /// Marks the run finished.
    public func finishRun() throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ? WHERE id = 1", arguments: [Date().timeIntervalSince1970])
        }
    }

    // MARK: - Tasks

    /// Task ids by state.
    public func taskIDs(state: TaskState) throws -> [Int] {
        try pool.read { db in
            try Int.fetchAll(db, sql: "SELECT id FROM task WHERE state = ? ORDER BY id", arguments: [state.rawValue])
        }
    }

    /// How many tasks are in each state.
    public func taskCounts() throws -> [TaskState: Int] {
        try pool.read { db in
            var counts: [TaskState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM task GROUP BY state") {
                if let state = TaskState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Records that a task's worker was lost while computing it (tasks in flight stay `pending` in the
    /// store: a coordinator that restarts hands them out again).
    ///
    /// - Parameter countFailure: whether the loss counts against the task (see ``TaskState/failed``).
    /// - Returns: the task's failure count after the update.
    @discardableResult
    public func requeue(taskID: Int, countFailure: Bool, failAfter: Int) throws -> Int {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE task SET failures = failures + ? WHERE id = ? AND state = 'pending'",
                arguments: [countFailure ? 1 : 0, taskID])
            let failures = try Int.fetchOne(db, sql: "SELECT failures FROM task WHERE id = ?", arguments: [taskID]) ?? 0
            if failures >= failAfter {
                try db.execute(sql: "UPDATE task SET state = 'failed' WHERE id = ? AND state = 'pending'", arguments: [taskID])
            }
            return failures
        }
    }
}

/// The state of a task in the store.
public enum TaskState: String, Sendable, CaseIterable, Codable {
    /// No result yet (waiting, or in flight at a worker).
    case pending
    /// Its result is stored.
    case done
    /// Its attempts killed workers too often; reported, not retried.
    case failed
}

/// A run as stored.
public struct StoredRun: Sendable {
    /// The sweep's name.
    public var sweepName: String
    /// The sweep file's exact text.
    public var sweepText: String
    /// A hash of the canonical definition (changes when any field's value changes).
    public var sweepHash: String
    /// The validated definition as canonical JSON.
    public var definitionJSON: String
    /// The lyapsweep version that created the run.
    public var softwareVersion: String
    /// Creation time (seconds since 1970).
    public var createdAt: Double
    /// Completion time, once finished.
    public var finishedAt: Double?
}

/// A database problem a user can act on.
public struct StoreError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
