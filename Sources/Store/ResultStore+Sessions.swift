import Foundation
import GRDB

extension ResultStore {
    /// Records the start of a coordinator session on this database (a new run or a resume) and returns its id.
    /// Call it holding the writer lock.
    ///
    /// - Parameters:
    ///   - host: The coordinator's host name.
    ///   - pid: The coordinator's process id.
    /// A worker still recorded `alive` belonged to an earlier coordinator that was killed (this one holds the
    /// writer lock): it is recorded `gone`.
    @discardableResult
    public func beginSession(host: String, pid: Int) throws -> Int {
        try write { db in
            try db.execute(sql: "UPDATE worker SET state = 'gone' WHERE state = 'alive'")
            let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task WHERE state = 'done'") ?? 0
            try db.execute(
                sql: "INSERT INTO session (started_at, host, pid, done_at_start) VALUES (?, ?, ?, ?)",
                arguments: [Date().timeIntervalSince1970, host, pid, done])
            return Int(db.lastInsertedRowID)
        }
    }

    /// Records the endpoint the current (latest) session's coordinator listens on, once bound.
    public func recordSessionEndpoint(_ endpoint: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE session SET endpoint = ? WHERE id = (SELECT MAX(id) FROM session)", arguments: [endpoint])
        }
    }

    /// Records the end of the current (latest) session: the sweep is complete or the coordinator was stopped.
    public func endSession() throws {
        try write { db in
            try db.execute(sql: "UPDATE session SET ended_at = ? WHERE id = (SELECT MAX(id) FROM session) AND ended_at IS NULL",
                           arguments: [Date().timeIntervalSince1970])
        }
    }

    /// Records every worker still recorded `alive` as `gone`: its coordinator stopped, so nobody hears it any more.
    public func markAliveWorkersGone() throws {
        try write { db in
            try db.execute(sql: "UPDATE worker SET state = 'gone' WHERE state = 'alive'")
        }
    }

    /// Every session, oldest first, with the tasks each stored and when it last stored one; none for a database made
    /// before sessions were recorded and opened read-only (its schema is not brought up to date).
    public func sessions() throws -> [StoredSession] {
        try read { db in
            guard try db.tableExists("session") else { return [] }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM session ORDER BY id")
            let finished = try Double.fetchAll(db, sql: "SELECT finished_at FROM task WHERE finished_at IS NOT NULL ORDER BY finished_at")
            return rows.enumerated().map { index, row in
                let start: Double = row["started_at"]
                // A session's tasks are those finished between its start and the next session's start.
                let next: Double = index + 1 < rows.count ? rows[index + 1]["started_at"] : .infinity
                let mine = finished.filter { $0 >= start && $0 < next }
                return StoredSession(
                    id: row["id"], startedAt: start, endedAt: row["ended_at"], host: row["host"], pid: row["pid"],
                    endpoint: row["endpoint"], doneAtStart: row["done_at_start"], tasksStored: mine.count, lastStoredAt: mine.last)
            }
        }
    }
}

/// One coordinator session on a database: from its start (a new run or a resume) to its end.
public struct StoredSession: Sendable, Codable, Equatable {
    /// The session's number, from 1.
    public var id: Int
    /// When the coordinator opened the database (seconds since 1970).
    public var startedAt: Double
    /// When it recorded its end (the sweep complete, or a graceful stop); nil while it runs, or if it was killed.
    public var endedAt: Double?
    /// The coordinator's host name.
    public var host: String
    /// The coordinator's process id.
    public var pid: Int
    /// The endpoint it listened on (what `lyapsweep status --connect` takes), once bound.
    public var endpoint: String?
    /// Tasks done when the session started.
    public var doneAtStart: Int
    /// Results the session stored.
    public var tasksStored: Int
    /// When the session stored its last result (seconds since 1970), if any.
    public var lastStoredAt: Double?
}
