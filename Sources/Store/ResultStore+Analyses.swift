import Analysis
import Foundation
import GRDB
import Sweep

extension ResultStore {
    /// The run's validated sweep definition, decoded from the stored canonical JSON.
    ///
    /// - Throws: ``StoreError`` if the database holds no run or its definition cannot be read.
    public func definition() throws -> SweepDefinition {
        guard let run = try run() else { throw StoreError("\(path) holds no run") }
        do {
            return try JSONDecoder().decode(SweepDefinition.self, from: Data(run.definitionJSON.utf8))
        } catch {
            throw StoreError("cannot read the sweep definition stored in \(path): \(error)")
        }
    }

    /// Every analysis of the stored curves: the run's own (id 0) first, then each re-fit in creation order.
    public func analyses() throws -> [StoredAnalysis] {
        let original = StoredAnalysis(
            id: 0, createdAt: try run()?.createdAt ?? 0, description: "the run's own fits (the sweep file's [fit] table)",
            fit: try definition().fit, softwareVersion: try run()?.softwareVersion ?? "")
        let refits = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analysis ORDER BY id").map { row in
                StoredAnalysis(
                    id: row["id"], createdAt: row["created_at"], description: row["description"],
                    fit: try JSONDecoder().decode(SweepDefinition.FitSection.self, from: Data((row["fit_json"] as String).utf8)),
                    softwareVersion: row["software_version"])
            }
        }
        return [original] + refits
    }

    /// Stores a re-analysis: its parameters and one fit per (η, IC, ε), in one transaction.
    ///
    /// - Parameters:
    ///   - fit: The window rule, filter, bootstrap and histogram settings the fits were made with.
    ///   - description: A one-line summary for people (e.g. the command line that made it).
    ///   - fits: The fits.
    ///   - softwareVersion: The lyapsweep version that made them.
    /// - Returns: The new analysis id (≥ 1; 0 is the run's own analysis).
    @discardableResult
    public func saveAnalysis(
        fit: SweepDefinition.FitSection, description: String, fits: [ICFit], softwareVersion: String
    ) throws -> Int {
        let fitJSON = try sortedJSON(fit)
        let icCount = try definition().icCapacity
        return try write { db in
            try db.execute(
                sql: "INSERT INTO analysis (created_at, description, fit_json, software_version) VALUES (?, ?, ?, ?)",
                arguments: [Date().timeIntervalSince1970, description, fitJSON, softwareVersion])
            let id = Int(db.lastInsertedRowID)
            let insert = try db.makeStatement(sql: """
                INSERT INTO analysis_fit (analysis_id, task_id, epsilon_index, eta_index, ic_index, eta, epsilon, lambda,
                                          intercept, r_squared, window_start, window_length, verdict, diverged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for fit in fits {
                let taskID = SweepTask(icIndex: fit.icIndex, etaIndex: fit.etaIndex).id(icCount: icCount)
                try insert.execute(arguments: [
                    id, taskID, fit.epsilonIndex, fit.etaIndex, fit.icIndex, fit.eta, fit.epsilon, fit.fit?.lambda,
                    fit.fit?.intercept, fit.fit?.rSquared, fit.fit?.window.start, fit.fit?.window.length,
                    fit.verdict.rawValue, fit.divergedAt,
                ])
            }
            return id
        }
    }

    /// The fits of one analysis, in (η, IC, ε) order: id 0 is the run's own fits (``fits()``).
    ///
    /// - Throws: ``StoreError`` if there is no analysis with that id.
    public func fits(analysisID: Int) throws -> [ICFit] {
        if analysisID == 0 { return try fits() }
        return try read { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis WHERE id = ?", arguments: [analysisID]) == 1 else {
                throw StoreError("\(path) has no analysis \(analysisID)")
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM analysis_fit WHERE analysis_id = ? ORDER BY eta_index, ic_index, epsilon_index",
                arguments: [analysisID]
            ).map(Self.icFit(row:))
        }
    }

    /// How many tasks are done.
    public func doneTaskCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task WHERE state = 'done'") ?? 0 }
    }

    private static func icFit(row: Row) -> ICFit {
        let lambda: Double? = row["lambda"]
        let fit = lambda.map { lambda in
            LyapunovFit(lambda: lambda, intercept: row["intercept"], rSquared: row["r_squared"],
                        window: FitWindow(start: row["window_start"], length: row["window_length"]))
        }
        return ICFit(etaIndex: row["eta_index"], eta: row["eta"], icIndex: row["ic_index"],
                     epsilonIndex: row["epsilon_index"], epsilon: row["epsilon"], fit: fit,
                     verdict: FitVerdict(stored: row["verdict"]), divergedAt: row["diverged_at"])
    }
}

/// One analysis of a run's stored curves: the fit parameters and when and by what it was made.
///
/// Analysis 0 is the run's own, made by the coordinator with the sweep file's `[fit]` table as results
/// arrived; every `lyapsweep refit` adds one with a new id.
public struct StoredAnalysis: Sendable {
    /// 0 for the run's own analysis, else the re-fit's id.
    public var id: Int
    /// When it was made (seconds since 1970).
    public var createdAt: Double
    /// A one-line summary.
    public var description: String
    /// The window rule, filter, bootstrap and histogram settings.
    public var fit: SweepDefinition.FitSection
    /// The lyapsweep version that made it.
    public var softwareVersion: String
}
