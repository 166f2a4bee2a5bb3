import Foundation
import Report
import Store
import Sweep

/// A run's state as its database records it: what `lyapsweep status --db` prints.
public struct DatabaseStatus: Encodable, Sendable {
    /// The sweep's name.
    public var sweep: String
    /// All tasks.
    public var total: Int
    /// Tasks with a stored result.
    public var done: Int
    /// Tasks given up.
    public var failed: Int
    /// Whether the run recorded its end.
    public var finished: Bool
    /// The coordinator's counters (rejected frames by reason).
    public var counters: [String: Int]
    /// Every worker ever registered.
    public var workers: [StoredWorker]
    /// λ_nMLE per (η, ε) over the stored results.
    public var lambda: [LambdaRow]
    /// An adaptive sweep's rows against its precision target; nil for a sweep of fixed size.
    public var precision: PrecisionState?

    /// Reads the state of the run in the database at `path`.
    ///
    /// - Throws: ``StoreError`` if there is no database there, or it holds no run.
    public static func read(path: String) throws -> DatabaseStatus {
        let store = try ResultStore(path: path, mode: .readOnly)
        defer { try? store.close() }
        guard let run = try store.run() else { throw StoreError("\(path) holds no run yet") }
        let definition = try store.definition()
        var table = LambdaTable(definition: definition)
        let fits = try store.fits()
        table.add(fits)
        var plan = PrecisionPlan(definition: definition, tasks: try store.allTasks(), fits: fits)
        _ = plan?.nextTasks()  // what the coordinator decides from these results, recorded or not
        let counts = try store.taskCounts()
        return DatabaseStatus(
            sweep: run.sweepName, total: counts.values.reduce(0, +), done: counts[.done] ?? 0, failed: counts[.failed] ?? 0,
            finished: run.finishedAt != nil, counters: try store.counters(), workers: try store.workers(), lambda: table.rows(),
            precision: plan.map(PrecisionState.init))
    }

    /// The text form.
    public func text(now: Double = Date().timeIntervalSince1970) -> String {
        var lines = ["\(sweep): \(done)/\(total) tasks done, \(failed) failed, \(finished ? "finished" : "not finished")"]
        if !workers.isEmpty {
            lines += ["", "workers:"]
            for worker in workers {
                lines.append("  \(worker.id)  host \(worker.host)  pid \(worker.pid)  \(worker.state)  tasks done \(worker.tasksDone)  "
                             + String(format: "last heard %.0f s ago", now - worker.lastSeen))
            }
        }
        if !counters.isEmpty {
            lines += ["", "counters: " + counters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        }
        lines += ["", LambdaTableText.render(lambda)]
        if let precision { lines += ["", precision.text()] }
        return lines.joined(separator: "\n")
    }
}
