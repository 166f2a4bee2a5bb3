import Foundation
import Testing

@Suite("Load test", .serialized)
struct LoadTestTests {
    /// The keys `lyapsweep loadtest --json` documents (LoadTestReport).
    static let numericKeys = [
        "results_per_second", "curve_mb_per_second", "payload_mb_per_second", "database_mb_per_second", "wall_seconds",
        "coordinator_cpu_percent", "coordinator_peak_rss_mb", "coordinator_rss_mb_at_end",
    ]

    /// Runs `lyapsweep loadtest ARGUMENTS --json` and returns its JSON object, the process and the harness.
    func loadtest(_ arguments: [String], label: String) async throws -> ([String: Any], RunningProcess) {
        let harness = try Harness(sweep: "# unused: the load test writes its own sweep\n")
        let run = try await harness.run(["loadtest", "--json", "--timeout", "120"] + arguments, label: label, timeout: 150)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        return (object, run)
    }

    @Test("20 simulated workers: every task is stored exactly once and the JSON report has the documented keys")
    func smallRun() async throws {
        let (report, run) = try await loadtest(["--workers", "20", "--task-shape", "small", "--results", "2000"], label: "small")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("every task stored exactly once"), "\(run.stderr)")
        #expect(report["every_task_stored_once"] as? Bool == true)
        #expect(report["results_stored"] as? Int == 2000)
        #expect(report["tasks_total"] as? Int == 2000)
        #expect((report["acks_received"] as? Int ?? 0) >= 2000)
        #expect((report["tasks_received"] as? Int ?? 0) >= 2000)
        #expect(report["coordinator_starts"] as? Int == 1)
        for key in Self.numericKeys {
            #expect((report[key] as? Double ?? 0) > 0, "\(key)")
        }
        let latency = try #require(report["task_to_ack_ms"] as? [String: Any])
        let p50 = latency["p50"] as? Double ?? 0, p99 = latency["p99"] as? Double ?? 0, p999 = latency["p999"] as? Double ?? 0
        #expect(p50 > 0 && p50 <= p99 && p99 <= p999, "\(latency)")
        #expect((report["problems"] as? [Any])?.isEmpty == true)
    }

    @Test("a coordinator SIGKILLed mid-run and restarted keeps every acknowledged result")
    func killedCoordinator() async throws {
        let (report, run) = try await loadtest(
            ["--workers", "10", "--task-shape", "small", "--results", "30000", "--kill-coordinator-after", "0.5"], label: "kill")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(report["coordinator_starts"] as? Int == 2, "\(run.stderr)")
        #expect((report["acknowledged_tasks_checked"] as? Int ?? 0) > 0)
        #expect(run.stderr.contains("acknowledged tasks checked against the database"), "\(run.stderr)")
        #expect(report["every_task_stored_once"] as? Bool == true, "\(report["problems"] ?? [])")
        #expect(report["results_stored"] as? Int == 30000)
    }

    @Test("SIGINT stops the load test and its coordinator: nothing is left running, the exit status says interrupted")
    func interrupted() async throws {
        let harness = try Harness(sweep: "# unused: the load test writes its own sweep\n")
        let running = try harness.start(["loadtest", "--workers", "20", "--results", "1000000", "--timeout", "120"], label: "interrupted")
        // The generator names its coordinator child once it has started it.
        var coordinatorPID: Int32?
        _ = await eventually(timeout: 60) {
            coordinatorPID = running.stderr.split(separator: "\n").first { $0.contains("coordinator PID") }
                .flatMap { $0.split(separator: " ").drop { $0 != "PID" }.dropFirst().first }.flatMap { Int32($0) }
            return coordinatorPID != nil
        }
        let child = try #require(coordinatorPID, "\(running.stderr)")
        try await Task.sleep(for: .seconds(1))  // the simulated workers are connected and results flow
        running.signal(SIGINT)
        try await running.wait(timeout: 30)
        #expect(running.status == 130, "\(running.stderr)")
        #expect(running.stdout.contains("FAILED: interrupted by SIGINT"), "\(running.stdout)")
        #expect(kill(child, 0) == -1 && errno == ESRCH, "the coordinator child \(child) is still running")
    }
}
