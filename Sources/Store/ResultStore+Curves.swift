import Foundation
import GRDB

extension ResultStore {
    /// Calls `body` with every stored mean-distance curve ⟨d⟩(t), in (task id, ε index) order, exactly as stored
    /// (the Float64 values bit for bit), reading one row at a time.
    ///
    /// - Throws: ``StoreError`` if the database cannot be read, or what `body` throws.
    public func forEachMeanCurve(_ body: (StoredCurve) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT task_id, epsilon_index, epsilon, mean_distance, diverged_at FROM curve ORDER BY task_id, epsilon_index")
            while let row = try rows.next() {
                try body(StoredCurve(taskID: row["task_id"], epsilonIndex: row["epsilon_index"], epsilon: row["epsilon"],
                                     meanDistance: FloatBlob.decode(row["mean_distance"]), divergedAt: row["diverged_at"]))
            }
        }
    }
}

/// One stored mean-distance curve of a task.
public struct StoredCurve: Sendable {
    /// The task: IC k at η index e has id e × ics + k.
    public var taskID: Int
    /// The index of ε in the sweep's list.
    public var epsilonIndex: Int
    /// The perturbation size.
    public var epsilon: Double
    /// ⟨d⟩(t) for t = 0, 1, …: T + 1 points, or s when a trajectory diverged at step s.
    public var meanDistance: [Double]
    /// The step at which a trajectory of the ensemble became non-finite, if one did.
    public var divergedAt: Int?
}

extension ResultStore {
    /// How many mean-distance curves are stored (one per (task, ε) of every stored result).
    public func curveCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM curve") ?? 0 }
    }
}
