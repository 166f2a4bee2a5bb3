import Foundation
import Report
import Store
import Sweep

/// A run's state as its database records it: what `lyapsweep status --db` (or `status` alone) prints.
///
/// Times come from the run's sessions (one per coordinator that opened the database): the elapsed time is the sum
/// of their durations, so the hours between an interruption and the resume do not count. A session that was killed
/// without recording its end lasted until its last stored result.
public struct DatabaseStatus: Encodable, Sendable {
    /// Where the run stands.
    public enum State: String, Encodable, Sendable {
        /// A coordinator holds the database now.
        case running
        /// The run recorded its end: every task done.
        case finished
        /// No coordinator holds the database and tasks are left (interrupted, killed, or tasks failed): the same
        /// command resumes (with `--retry-failed` for failed tasks).
        case stopped
    }

    /// The database's path.
    public var database: String
    /// The sweep's name.
    public var sweep: String
    /// The command-line values that replaced the sweep file's (`--ics`); empty for the file as written.
    public var overrides: SweepOverrides
    /// Where the run stands.
    public var state: State
    /// All tasks.
    public var total: Int
    /// Tasks with a stored result.
    public var done: Int
    /// Tasks given up.
    public var failed: Int
    /// Whether the run recorded its end.
    public var finished: Bool
    /// Seconds the run's coordinators have run, over all sessions; nil for a database without session records.
    public var elapsedSeconds: Double?
    /// Seconds to the end at the running session's rate: 0 when no task is left, nil when stopped or before the
    /// running session stored a result.
    public var etaSeconds: Double?
    /// Trajectory-steps per second over the sessions' stored results and elapsed time; nil before any.
    public var stepsPerSecond: Double?
    /// Trajectory-steps of one task.
    public var stepsPerTask: Int
    /// The endpoint of the running coordinator (`lyapsweep status --connect ENDPOINT`), nil unless running.
    public var endpoint: String?
    /// Every coordinator session, oldest first.
    public var sessions: [StoredSession]
    /// The coordinator's counters (rejected frames by reason).
    public var counters: [String: Int]
    /// Every worker ever registered. `alive` only while a coordinator runs: a worker recorded alive by a coordinator
    /// that no longer holds the database is shown `gone`. (`stale` — connected but late — needs `--connect`.)
    public var workers: [StoredWorker]
    /// λ_nMLE per (η, ε) over the stored results.
    public var lambda: [LambdaRow]
    /// An adaptive sweep's rows against its precision target; nil for a sweep of fixed size.
    public var precision: PrecisionState?
    /// An onset search's η, brackets and η_c; nil for a sweep without one.
    public var onset: OnsetState?

    /// Reads the state of the run in the database at `path`.
    ///
    /// - Parameter now: The present time (seconds since 1970), for the running session's elapsed time and rate.
    /// - Throws: ``StoreError`` if there is no database there, or it holds no run.
    public static func read(path: String, now: Double = Date().timeIntervalSince1970) throws -> DatabaseStatus {
        let running = DatabaseWriterLock.isHeld(databasePath: path)
        let store = try ResultStore(path: path, mode: .readOnly)
        defer { try? store.close() }
        guard let run = try store.run() else { throw StoreError("\(path) holds no run yet") }
        let definition = try store.definition()
        var table = LambdaTable(definition: definition)
        let fits = try store.fits()
        table.add(fits)
        var plan = definition.ensemble.precision == nil ? nil : PrecisionPlan(definition: definition, tasks: try store.allTasks(), fits: fits)
        _ = plan?.nextTasks()  // what the coordinator decides from these results, recorded or not
        var search = definition.training.onset == nil ? nil : OnsetPlan(definition: definition, tasks: try store.allTasks(), fits: fits)
        _ = search?.nextTasks()
        let counts = try store.taskCounts()
        let sessions = try store.sessions()
        let done = counts[.done] ?? 0, failed = counts[.failed] ?? 0, total = counts.values.reduce(0, +)
        let state: State = running ? .running : run.finishedAt != nil ? .finished : .stopped
        let workers = try store.workers().map { worker in
            var shown = worker
            if !running && worker.state == "alive" { shown.state = "gone" }
            return shown
        }
        var status = DatabaseStatus(
            database: path, sweep: run.sweepName, overrides: run.overrides, state: state, total: total, done: done,
            failed: failed, finished: run.finishedAt != nil, elapsedSeconds: nil, etaSeconds: nil, stepsPerSecond: nil,
            stepsPerTask: definition.trajectoryStepsPerTask,
            endpoint: running ? sessions.last?.endpoint : nil, sessions: sessions, counters: try store.counters(),
            workers: workers, lambda: table.rows())
        status.precision = plan.map(PrecisionState.init)
        status.onset = search?.state()
        status.computeTimes(running: running, now: now)
        return status
    }

    /// Fills the elapsed time, the rate and the ETA from the sessions.
    private mutating func computeTimes(running: Bool, now: Double) {
        guard !sessions.isEmpty else { return }
        var elapsed = 0.0
        for (index, session) in sessions.enumerated() {
            let isCurrent = running && index == sessions.count - 1
            let end = session.endedAt ?? (isCurrent ? now : session.lastStoredAt ?? session.startedAt)
            elapsed += max(0, end - session.startedAt)
        }
        elapsedSeconds = elapsed
        let stored = sessions.reduce(0) { $0 + $1.tasksStored }
        if stored > 0, elapsed > 0 { stepsPerSecond = Double(stored * stepsPerTask) / elapsed }
        let remaining = total - done - failed
        if remaining <= 0 {
            etaSeconds = 0
        } else if running, let current = sessions.last, current.tasksStored > 0, now > current.startedAt {
            etaSeconds = Double(remaining) / (Double(current.tasksStored) / (now - current.startedAt))
        }
    }

    /// The text form.
    public func text(now: Double = Date().timeIntervalSince1970) -> String {
        let name = overrides.isEmpty ? sweep : "\(sweep) (\(overrides.summary))"
        let remaining = total - done - failed
        let eta = remaining <= 0 ? "nothing left"
            : state == .running ? etaSeconds.map { "ETA " + ProgressLine.duration($0) } ?? "ETA estimating"
            : "no ETA: stopped (the same command resumes)"
        var summary = ["\(name): \(state.rawValue)", "\(done)/\(total) tasks done, \(failed) failed"]
        if let elapsedSeconds { summary.append("elapsed " + ProgressLine.duration(elapsedSeconds)) }
        if let stepsPerSecond { summary.append(String(format: "%.0f trajectory-steps/s", stepsPerSecond)) }
        summary.append(eta)
        var lines = [summary.joined(separator: " · "), "database: \(database) (\(sessions.count) coordinator session\(sessions.count == 1 ? "" : "s"))"]
        if let endpoint { lines.append("live view: lyapsweep status --connect \(endpoint)") }
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
        if let onset { lines += ["", onset.text()] }
        return lines.joined(separator: "\n")
    }
}
