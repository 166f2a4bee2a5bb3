import Diagnostics
import Foundation
import GRDB
import Sweep

extension ResultStore {
    /// Writes a result's diagnostics row inside the transaction that stores the result (``storeResult(_:taskID:workerID:fits:computeSeconds:)``).
    ///
    /// Series are lossless Float64 blobs; an empty series (not computed) is stored as NULL.
    static func insertDiagnostics(_ diagnostics: TrainingDiagnostics, taskID: Int, db: Database) throws {
        let blob = { (values: [Double]) -> Data? in values.isEmpty ? nil : FloatBlob.encode(values) }
        try db.execute(
            sql: """
                INSERT INTO diagnostics (task_id, benettin, spectrum, ghost_mass, gradient_norm, running_mean_loss,
                                         weight_importance, weight_displacement, weight_path_length, kantz_divergence,
                                         kantz_exponent, kantz_p_value, autocorrelation, autocorrelation_band)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                taskID, blob(diagnostics.benettin), blob(diagnostics.spectrum), blob(diagnostics.ghostMass),
                blob(diagnostics.gradientNorm), blob(diagnostics.runningMeanLoss), blob(diagnostics.weightImportance),
                blob(diagnostics.weightDisplacement), blob(diagnostics.weightPathLength),
                diagnostics.kantz.map { FloatBlob.encode($0.divergence) }, diagnostics.kantz?.exponent, diagnostics.kantz?.pValue,
                blob(diagnostics.autocorrelation), blob(diagnostics.autocorrelationBand),
            ])
    }

    /// The stored diagnostics by task id (all, or those of `taskIDs`), exactly as the worker computed them.
    ///
    /// Tasks without diagnostics (a sweep that computes none, or a database made before they existed) are absent.
    public func diagnostics(taskIDs: [Int]? = nil) throws -> [Int: TrainingDiagnostics] {
        try pool.read { db in try Self.diagnostics(db: db, taskIDs: taskIDs) }
    }

    /// Calls `body` with every stored result's task and diagnostics, in task-id order, reading them in
    /// batches of `batchSize` so that only one batch is held at a time.
    public func forEachDiagnostics(
        icCount: Int, batchSize: Int = 256, _ body: (SweepTask, TrainingDiagnostics) throws -> Void
    ) throws {
        var after = -1
        while true {
            let batch: [(Int, TrainingDiagnostics)] = try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM diagnostics WHERE task_id > ? ORDER BY task_id LIMIT ?", arguments: [after, batchSize]
                ).map { ($0["task_id"], Self.diagnostics(row: $0)) }
            }
            for (taskID, diagnostics) in batch {
                try body(SweepTask(id: taskID, icCount: icCount), diagnostics)
            }
            guard batch.count == batchSize, let last = batch.last else { return }
            after = last.0
        }
    }

    /// The diagnostics rows of `taskIDs` (all when nil), by task id.
    static func diagnostics(db: Database, taskIDs: [Int]?) throws -> [Int: TrainingDiagnostics] {
        let only = taskIDs.map { ids in " WHERE task_id IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
        var byTask: [Int: TrainingDiagnostics] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM diagnostics\(only)") {
            byTask[row["task_id"]] = diagnostics(row: row)
        }
        return byTask
    }

    private static func diagnostics(row: Row) -> TrainingDiagnostics {
        let series = { (column: String) -> [Double] in (row[column] as Data?).map(FloatBlob.decode) ?? [] }
        let kantz: KantzResult? = (row["kantz_exponent"] as Double?).map { exponent in
            KantzResult(divergence: series("kantz_divergence"), exponent: exponent, pValue: row["kantz_p_value"])
        }
        return TrainingDiagnostics(
            benettin: series("benettin"), spectrum: series("spectrum"), ghostMass: series("ghost_mass"),
            gradientNorm: series("gradient_norm"), runningMeanLoss: series("running_mean_loss"),
            weightImportance: series("weight_importance"), weightDisplacement: series("weight_displacement"),
            weightPathLength: series("weight_path_length"), kantz: kantz, autocorrelation: series("autocorrelation"),
            autocorrelationBand: series("autocorrelation_band"))
    }
}
