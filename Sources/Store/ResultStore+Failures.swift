import GRDB

extension ResultStore {
    /// Records that a task was given up (its attempts crashed workers, or it was lost on too many hosts).
    ///
    /// A failed task is not handed out again by a coordinator that resumes the run, until ``retryFailed()``.
    public func markFailed(taskID: Int) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE task SET state = 'failed' WHERE id = ? AND state = 'pending'", arguments: [taskID])
        }
    }

    /// Makes every failed task pending again, with its failure count reset (`run --retry-failed`).
    ///
    /// - Returns: how many tasks were failed.
    @discardableResult
    public func retryFailed() throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE task SET state = 'pending', failures = 0 WHERE state = 'failed'")
            let retried = db.changesCount
            try db.execute(sql: "UPDATE run SET finished_at = NULL WHERE id = 1")
            return retried
        }
    }
}

extension ResultStore {
    /// The mean compute time of the stored results, in seconds (0 when there are none).
    public func meanComputeSeconds() throws -> Double {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT AVG(compute_seconds) FROM task WHERE state = 'done'") ?? 0
        }
    }
}
