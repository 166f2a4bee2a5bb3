import GRDB
import Sweep

/// The tasks an adaptive sweep adds while it runs.
extension ResultStore {
    /// Records tasks as pending in one durable transaction; a task already recorded is left as it is, so the same
    /// decision recorded twice (before and after a restart) changes nothing.
    ///
    /// - Parameters:
    ///   - tasks: The tasks to add.
    ///   - definition: The run's sweep, which gives each task its id (``SweepDefinition/id(of:)``).
    /// - Returns: The ids of the tasks that were new.
    @discardableResult
    public func createTasks(_ tasks: [SweepTask], definition: SweepDefinition) throws -> [Int] {
        try write { db in
            let insert = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO task (id, ic_index, eta_index, state) VALUES (?, ?, ?, 'pending')")
            var created: [Int] = []
            for task in tasks {
                let id = definition.id(of: task)
                try insert.execute(arguments: [id, task.icIndex, task.etaIndex])
                if db.changesCount > 0 { created.append(id) }
            }
            return created
        }
    }

    /// Every task recorded, whatever its state, in id order.
    public func allTasks() throws -> [SweepTask] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT ic_index, eta_index FROM task ORDER BY id").map {
                SweepTask(icIndex: $0["ic_index"], etaIndex: $0["eta_index"])
            }
        }
    }

    /// Replaces the stored brackets of an onset search with its current state, in one durable transaction.
    public func recordOnset(_ state: OnsetState) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM onset_bracket")
            for (rank, bracket) in state.brackets.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO onset_bracket (rank, eta_low, eta_high, eta_c, value_low, value_high, refined, resolved)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [rank, bracket.low, bracket.high, bracket.criticalEta, bracket.lowValue, bracket.highValue,
                                state.refined.contains(bracket.low), bracket.resolved])
            }
        }
    }

    /// The brackets of an onset search as last recorded, by rank (none for other sweeps, and for a database written
    /// before onset searches existed).
    public func onsetBrackets() throws -> [StoredOnsetBracket] {
        try read { db in
            guard try db.tableExists("onset_bracket") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM onset_bracket ORDER BY rank").map { row in
                StoredOnsetBracket(low: row["eta_low"], high: row["eta_high"], criticalEta: row["eta_c"], lowValue: row["value_low"],
                                   highValue: row["value_high"], refined: row["refined"], resolved: row["resolved"])
            }
        }
    }
}

/// One row of the `onset_bracket` table: a crossing of an onset search's level between two neighbouring η.
public struct StoredOnsetBracket: Hashable, Sendable {
    /// The lower η.
    public var low: Double
    /// The upper η.
    public var high: Double
    /// η_c, the geometric midpoint √(low·high).
    public var criticalEta: Double
    /// The statistic at `low` (nil: λ with no IC kept).
    public var lowValue: Double?
    /// The statistic at `high`.
    public var highValue: Double?
    /// Whether the search refines this crossing.
    public var refined: Bool
    /// Whether its hi/lo − 1 is within the tolerance.
    public var resolved: Bool
}
