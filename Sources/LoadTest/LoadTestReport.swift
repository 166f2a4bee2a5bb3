import Foundation

/// The outcome of one load test: throughput, latency, the coordinator's CPU and memory, message counts and the
/// database check. `--json` prints it as one object with the keys of ``CodingKeys`` (e.g. `results_per_second`,
/// `task_to_ack_ms.p999`); keys of values not measured (RSS after 10⁴ results in a shorter run) are absent.
public struct LoadTestReport: Codable, Sendable {
    /// TASK received → ACK received at the simulated worker, in milliseconds.
    public struct Latency: Codable, Sendable {
        /// The median.
        public var p50: Double
        /// The 99th percentile.
        public var p99: Double
        /// The 99.9th percentile.
        public var p999: Double
        /// The largest.
        public var max: Double
        /// ACKs whose TASK arrival was known (first sends).
        public var count: Int
    }

    /// Simulated workers.
    public var workers: Int
    /// `small`, `default` or `T1000`.
    public var taskShape: String
    /// Tasks in the sweep.
    public var tasksTotal: Int
    /// Result rows in the database at the end (not counters).
    public var resultsStored: Int
    /// From the first WELCOME to the last ACK (or the first SHUTDOWN), in seconds.
    public var wallSeconds: Double
    /// Results stored this run (database count) per wall second.
    public var resultsPerSecond: Double
    /// Curve and reference-loss bytes (Float64 points) stored, in 10⁶ bytes per wall second.
    public var curveMBPerSecond: Double
    /// RESULT payload bytes sent (first sends), in 10⁶ bytes per wall second.
    public var payloadMBPerSecond: Double
    /// Bytes the coordinator wrote to storage (its write-ahead log, checkpoints and database file: `write_bytes` of
    /// /proc/PID/io), in 10⁶ bytes per wall second.
    public var databaseMBPerSecond: Double
    /// TASK received → ACK received, per task, at the simulated worker.
    public var taskToAckMs: Latency
    /// Coordinator CPU time (user + system, all its threads) over the wall time, in % of one core.
    public var coordinatorCPUPercent: Double
    /// Time the coordinator's threads were runnable but waiting for a core, over the wall time, in % (summed
    /// over threads): where it is high, the machine's other processes, not the coordinator, set the pace.
    public var coordinatorRunQueuePercent: Double
    /// The coordinator's largest resident set (VmHWM), in MB (10⁶ bytes); the largest of all its starts.
    public var coordinatorPeakRSSMB: Double
    /// The coordinator's resident set when 10⁴ results had been acknowledged, in MB.
    public var coordinatorRSSMBAfter10k: Double?
    /// The coordinator's resident set at the end of the result stream (its last once-a-second sample before the
    /// final ACK, before it writes its report), in MB.
    public var coordinatorRSSMBAtEnd: Double?
    /// TASK messages the simulated workers received (re-assignments included).
    public var tasksReceived: Int
    /// RESULT messages sent for the first time.
    public var resultsSent: Int
    /// RESULT messages sent again (after a new WELCOME, or for a re-assigned task not yet acknowledged).
    public var resultsResent: Int
    /// ACKs received: ACK messages and the task ids TASKs carried.
    public var acksReceived: Int
    /// HEARTBEAT messages sent.
    public var heartbeatsSent: Int
    /// HELLO messages sent.
    public var hellosSent: Int
    /// REJECT messages received (each "not registered" one answered with HELLO).
    public var rejectsReceived: Int
    /// Frames from the coordinator that failed decoding or were of a type it may not send.
    public var invalidFrames: Int
    /// How many times the coordinator was started (2 after `--kill-coordinator-after`).
    public var coordinatorStarts: Int
    /// Acknowledged task ids checked against the database (all of them when the check passed).
    public var acknowledgedTasksChecked: Int
    /// True when every task is stored exactly once and every acknowledged task is stored.
    public var everyTaskStoredOnce: Bool
    /// Whether SIGINT or SIGTERM stopped the test (and its coordinator) before the end.
    public var interrupted: Bool
    /// What went wrong; empty when the test passed.
    public var problems: [String]
    /// The folder with the sweep file and the coordinator's output (and database, without `--db`).
    public var folder: String

    enum CodingKeys: String, CodingKey {
        case workers, taskShape = "task_shape", tasksTotal = "tasks_total", resultsStored = "results_stored"
        case wallSeconds = "wall_seconds", resultsPerSecond = "results_per_second"
        case curveMBPerSecond = "curve_mb_per_second", payloadMBPerSecond = "payload_mb_per_second"
        case databaseMBPerSecond = "database_mb_per_second", taskToAckMs = "task_to_ack_ms"
        case coordinatorCPUPercent = "coordinator_cpu_percent", coordinatorRunQueuePercent = "coordinator_run_queue_percent"
        case coordinatorPeakRSSMB = "coordinator_peak_rss_mb"
        case coordinatorRSSMBAfter10k = "coordinator_rss_mb_after_10k", coordinatorRSSMBAtEnd = "coordinator_rss_mb_at_end"
        case tasksReceived = "tasks_received", resultsSent = "results_sent", resultsResent = "results_resent"
        case acksReceived = "acks_received", heartbeatsSent = "heartbeats_sent", hellosSent = "hellos_sent"
        case rejectsReceived = "rejects_received", invalidFrames = "invalid_frames", coordinatorStarts = "coordinator_starts"
        case acknowledgedTasksChecked = "acknowledged_tasks_checked", everyTaskStoredOnce = "every_task_stored_once"
        case interrupted, problems, folder
    }

    /// Whether the test passed.
    public var passed: Bool { problems.isEmpty }

    /// The report as one JSON object.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The report for people, ending with "every task stored exactly once" or the problems.
    public var text: String {
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "lyapsweep loadtest: \(workers) simulated workers, task shape \(taskShape), \(tasksTotal) tasks",
            "  stored       \(resultsStored) results in \(f(wallSeconds, 2)) s = \(f(resultsPerSecond)) results/s",
            "  written      \(f(curveMBPerSecond, 3)) MB/s of curves (RESULT payloads \(f(payloadMBPerSecond, 3)) MB/s, written to disk \(f(databaseMBPerSecond, 3)) MB/s)",
            "  TASK → ACK   p50 \(f(taskToAckMs.p50, 2)) ms, p99 \(f(taskToAckMs.p99, 2)) ms, p99.9 \(f(taskToAckMs.p999, 2)) ms, max \(f(taskToAckMs.max, 2)) ms (\(taskToAckMs.count) ACKs)",
            "  coordinator  CPU \(f(coordinatorCPUPercent)) % of a core (waiting for a core \(f(coordinatorRunQueuePercent)) %), peak RSS \(f(coordinatorPeakRSSMB)) MB, RSS after 10⁴ results "
                + (coordinatorRSSMBAfter10k.map { "\(f($0)) MB" } ?? "-") + ", at the end of the stream " + (coordinatorRSSMBAtEnd.map { "\(f($0)) MB" } ?? "-"),
            "  messages     \(tasksReceived) TASKs, \(resultsSent) RESULTs (+\(resultsResent) resent), \(acksReceived) ACKs, \(heartbeatsSent) HEARTBEATs, \(hellosSent) HELLOs, \(rejectsReceived) REJECTs, \(invalidFrames) invalid",
        ]
        lines.append("  folder       \(folder)")
        if coordinatorStarts > 1 {
            lines.append("the coordinator was started \(coordinatorStarts) times; \(acknowledgedTasksChecked) acknowledged tasks checked against the database")
        }
        lines += problems.isEmpty ? ["every task stored exactly once"] : problems.map { "FAILED: \($0)" }
        return lines.joined(separator: "\n")
    }
}
