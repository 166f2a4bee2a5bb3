import GRDB

/// The end-of-test check against the coordinator's SQLite file, not against any counter: every task stored
/// exactly once, and every task whose ACK a simulated worker received stored.
struct DatabaseCheck {
    /// Result rows in the database.
    var storedResults = 0
    /// Acknowledged task ids found stored (all of them, when ``problems`` is empty).
    var acknowledgedChecked = 0
    /// What is wrong, one sentence each; empty when the database is as it must be.
    var problems: [String] = []

    /// Checks the database at `path` of a sweep of `taskCount` tasks with `epsilonCount` curves per result.
    init(path: String, taskCount: Int, epsilonCount: Int, acknowledged: [Int]) throws {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        (storedResults, acknowledgedChecked, problems) = try database.read { db in
            var storedResults = 0, acknowledgedChecked = 0, problems: [String] = []
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            func firstIDs(_ sql: String) throws -> String {
                try Int.fetchAll(db, sql: sql + " LIMIT 10").map(String.init).joined(separator: ", ")
            }
            storedResults = try count("SELECT COUNT(*) FROM result")
            let tasks = try count("SELECT COUNT(*) FROM task")
            if tasks != taskCount { problems.append("the task table has \(tasks) rows; the sweep has \(taskCount) tasks") }
            let notDone = try count("SELECT COUNT(*) FROM task WHERE state != 'done'")
            if notDone > 0 {
                problems.append("\(notDone) tasks are not done (ids \(try firstIDs("SELECT id FROM task WHERE state != 'done' ORDER BY id")))")
            }
            let missing = "SELECT id FROM task WHERE id NOT IN (SELECT task_id FROM result) ORDER BY id"
            let withoutResult = try count("SELECT COUNT(*) FROM (\(missing))")
            if withoutResult > 0 { problems.append("\(withoutResult) tasks have no result row (ids \(try firstIDs(missing)))") }
            let duplicated = "SELECT task_id FROM result GROUP BY task_id HAVING COUNT(*) > 1 ORDER BY task_id"
            let twice = try count("SELECT COUNT(*) FROM (\(duplicated))")
            if twice > 0 { problems.append("\(twice) tasks have more than one result row (ids \(try firstIDs(duplicated)))") }
            let orphans = try count("SELECT COUNT(*) FROM result WHERE task_id NOT IN (SELECT id FROM task)")
            if orphans > 0 { problems.append("\(orphans) result rows belong to no task") }
            let badCurves = "SELECT r.task_id FROM result r LEFT JOIN curve c ON c.task_id = r.task_id GROUP BY r.task_id HAVING COUNT(c.task_id) != \(epsilonCount) ORDER BY r.task_id"
            let wrong = try count("SELECT COUNT(*) FROM (\(badCurves))")
            if wrong > 0 { problems.append("\(wrong) results do not have exactly \(epsilonCount) curves (task ids \(try firstIDs(badCurves)))") }
            if !acknowledged.isEmpty {
                let stored = Set(try Int.fetchAll(db, sql: "SELECT task_id FROM result"))
                let lost = acknowledged.filter { !stored.contains($0) }
                acknowledgedChecked = acknowledged.count - lost.count
                if !lost.isEmpty {
                    problems.append("\(lost.count) acknowledged tasks are not in the database (ids \(lost.prefix(10).map(String.init).joined(separator: ", ")))")
                }
            }
            return (storedResults, acknowledgedChecked, problems)
        }
    }
}
