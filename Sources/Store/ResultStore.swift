import Analysis
import Dynamics
import Foundation
import GRDB
import Sweep

/// The durable record of one sweep run: the sweep, every task's state, every result's curves and fits,
/// the workers seen and the coordinator's counters — one SQLite file in WAL mode.
///
/// Results are written in durable transactions (`synchronous = FULL`): once ``storeResults(_:)`` (or
/// ``storeResult(_:taskID:workerID:fits:computeSeconds:)``) returns, its results survive a crash of the process
/// or the machine. Reopening the same file resumes the run: done tasks are kept, the rest are handed out again
/// (tasks in flight are never marked in the store, so a crash cannot leave one stranded).
///
/// A file that is some other program's SQLite database, or not one at all, is refused without being changed.
public final class ResultStore: Sendable {
    /// The database file's path.
    public let path: String
    /// How the database was opened.
    public let mode: AccessMode
    let pool: DatabasePool
    /// The coordinator's exclusive writer lock, released by ``close()``; nil unless opened with one.
    let writerLock: DatabaseWriterLock?
    /// The coordinator's checkpoints, off its commits; nil unless opened with the writer lock.
    let checkpointer: WALCheckpointer?

    /// The page size of a new database, in bytes (SQLite's default is 4096).
    ///
    /// A result of the default shape is 14 blobs of 1.6 KB (13 ε curves and the reference loss, 201 Float64 each):
    /// 4 KiB pages hold two such rows, wasting a fifth of every page, and every page costs a WAL frame (two
    /// `write` calls and a checksum) and a checkpoint copy. 16 KiB pages hold nine: measured on a 2-core machine,
    /// group-committed results of that shape took about 100 µs of CPU each instead of 150, and wrote 48 KB (WAL and
    /// checkpoint) instead of 59. Larger pages gain little more (32 KiB: 92 µs) but a commit of one result rewrites
    /// every page it touches (about 220 KB a result with 16 KiB pages, 360 KB with 32 KiB, 106 KB with 4 KiB).
    /// Databases made before keep their page size.
    static let pageSize = 16_384

    /// How a ``ResultStore`` uses its file.
    public enum AccessMode: Sendable {
        /// Creates the file if needed and brings its schema up to date.
        case readWrite
        /// Only reads an existing lyapsweep database: never creates the file, never writes to it (for
        /// `status --db`, also while a coordinator writes the run).
        case readOnly
    }

    /// Opens the database at `path`.
    ///
    /// In ``AccessMode/readWrite`` mode a missing or empty file becomes a new lyapsweep database and an existing
    /// one gets its schema brought up to date. In ``AccessMode/readOnly`` mode the file must already hold a
    /// lyapsweep database; nothing is written (SQLite may create the `-wal` and `-shm` files beside a database
    /// in WAL mode to read it).
    ///
    /// - Throws: a ``StoreError`` naming `path` if the file cannot be opened, is not an SQLite database, is some
    ///   other program's database (it is left byte for byte as it was), or — read-only — is missing or empty.
    public convenience init(path: String, mode: AccessMode = .readWrite) throws {
        try self.init(path: path, mode: mode, writerLock: nil)
    }

    /// Takes the database's ``DatabaseWriterLock`` for `command`, then opens it for writing; ``close()`` releases
    /// the lock (so does the end of the process, however it ends).
    ///
    /// - Throws: the lock's ``StoreError`` (naming the coordinator that holds the database) or the opening's.
    public convenience init(path: String, lockingFor command: String) throws {
        Self.createFolder(of: path)
        let lock = try DatabaseWriterLock(databasePath: path, command: command)
        do {
            try self.init(path: path, mode: .readWrite, writerLock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    private init(path: String, mode: AccessMode, writerLock: DatabaseWriterLock?) throws {
        self.path = path
        self.mode = mode
        self.writerLock = writerLock
        let contents = try Self.inspect(path: path, mode: mode)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = mode == .readOnly
        let isNew = mode == .readWrite && contents != .lyapsweep
        let checkpointsApart = writerLock != nil
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The coordinator's commits never checkpoint; its ``WALCheckpointer`` does, on another thread.
            if checkpointsApart { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            // Only takes effect while the file has no pages yet: an existing database keeps its page size.
            if isNew && !db.configuration.readonly { try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)") }
        }
        if mode == .readWrite, contents == .missing { Self.createFolder(of: path) }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if mode == .readWrite { try Self.migrator.migrate(pool) }
            checkpointer = writerLock == nil ? nil : try WALCheckpointer(path: path)
        } catch {
            throw StoreError("cannot open \(path) as a lyapsweep database: \(StoreError.mapping(error, path: path))")
        }
    }

    /// Creates the folder a new database goes into, if missing (a failure shows when the file is created).
    private static func createFolder(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    /// Closes the database: SQLite folds the write-ahead log into the file and removes the `-wal` and
    /// `-shm` files beside it, so a finished run leaves one file; then releases the writer lock, if held.
    /// The store cannot be used afterwards.
    public func close() throws {
        defer { writerLock?.release() }
        checkpointer?.stop()
        try pool.close()
        guard mode == .readWrite else { return }
        // GRDB closes the pool's writer before its read-only readers, and a read-only last connection cannot
        // remove the log; one connection opened and closed after them can.
        try DatabaseQueue(path: path).close()
    }

    /// Runs `body` in one write transaction (durable when it returns), reporting a full disk or an I/O error
    /// as a ``StoreError`` that names the file.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.mapping(error, path: path)
        }
    }

    /// Runs `body` on a consistent snapshot, reporting an I/O error as a ``StoreError`` that names the file.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.mapping(error, path: path)
        }
    }

    // MARK: - The run

    /// The run recorded in this database, if any.
    public func run() throws -> StoredRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1").map { row in
                StoredRun(
                    sweepName: row["sweep_name"], sweepText: row["sweep_text"], sweepHash: row["sweep_hash"],
                    definitionJSON: row["definition_json"], softwareVersion: row["software_version"],
                    createdAt: row["created_at"], finishedAt: row["finished_at"],
                    overrides: (try? JSONDecoder().decode(SweepOverrides.self, from: Data((row["overrides_json"] as String? ?? "{}").utf8)))
                        ?? SweepOverrides())
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
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, sweep_name, sweep_text, sweep_hash, definition_json, software_version, created_at,
                                     overrides_json)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [sweep.definition.name, sweep.effectiveText, SweepHash.of(definitionJSON), definitionJSON, softwareVersion,
                            Date().timeIntervalSince1970, try sortedJSON(sweep.overrides)])
            let insert = try db.makeStatement(sql: "INSERT INTO task (id, ic_index, eta_index, state) VALUES (?, ?, ?, 'pending')")
            let icCount = sweep.definition.icCapacity
            for task in tasks {
                try insert.execute(arguments: [task.id(icCount: icCount), task.icIndex, task.etaIndex])
            }
        }
        return true
    }

    /// Marks the run finished.
    public func finishRun() throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET finished_at = ? WHERE id = 1", arguments: [Date().timeIntervalSince1970])
        }
    }

    // MARK: - Tasks

    /// Task ids by state.
    public func taskIDs(state: TaskState) throws -> [Int] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT id FROM task WHERE state = ? ORDER BY id", arguments: [state.rawValue])
        }
    }

    /// How many tasks are in each state.
    public func taskCounts() throws -> [TaskState: Int] {
        try read { db in
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
        try write { db in
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
    /// The sweep text the run computes: the file's exact text, with the overrides written in if there were any
    /// (``LoadedSweep/effectiveText``).
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
    /// The command-line values that replaced the sweep file's (empty for a run of the file as written).
    public var overrides: SweepOverrides
}
