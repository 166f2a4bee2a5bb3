import Analysis
import Coordinator
@testable import Dashboard
import Prometheus
import Sweep
import Testing

@Suite("The gauges and process metrics of /metrics")
struct RunGaugesTests {
    @Test("lyapsweep_info, the progress ratio, the ETA and λ per (η, ε) are set from the snapshot at each scrape")
    func gauges() throws {
        let registry = PrometheusCollectorRegistry()
        let gauges = RunGauges(registry: registry, kernelVariant: "default")
        #expect(registry.emitToString().contains("lyapsweep_progress_ratio nan"), "unknown before the first snapshot")
        let board = StatusBoard()
        var lambda = LiveLambda(definition: try fixtureDefinition())
        let fit = LyapunovFit(lambda: 0.25, intercept: 0, rSquared: 0.99, window: FitWindow(start: 0, length: 50))
        lambda.add([ICFit(etaIndex: 0, eta: 0.5, icIndex: 0, epsilonIndex: 1, epsilon: 1e-8, fit: fit, verdict: .kept, divergedAt: nil)])
        board.publish(status: fixtureStatus(), lambda: lambda)
        gauges.record(board.snapshot)
        let text = registry.emitToString()
        #expect(text.contains(#"lyapsweep_info{version="\#(LyapsweepVersion.current)",sweep="fixture",variant="default"} 1.0"#), "\(text)")
        #expect(text.contains("# TYPE lyapsweep_progress_ratio gauge\nlyapsweep_progress_ratio 0.3\n"), "6 of 20 tasks")
        #expect(text.contains("lyapsweep_eta_seconds \(13_500.0 / 650)\n"))
        #expect(text.contains(#"lyapsweep_lambda{eta="0.5",epsilon="1e-08"} 0.25"#), "\(text)")
        #expect(text.contains(#"lyapsweep_lambda_kept_ratio{eta="0.5",epsilon="1e-08"} 1.0"#))
        #expect(text.contains(#"lyapsweep_lambda{eta="2.0",epsilon="1e-12"} nan"#), "no IC kept there yet")
        #expect(text.components(separatedBy: "lyapsweep_lambda{").count - 1 == 6, "one series per (η, ε)")
        gauges.record(board.snapshot)
        #expect(registry.emitToString().components(separatedBy: "# TYPE lyapsweep_info").count == 2, "created once")
    }

    @Test("process metrics are read from /proc/self/stat: CPU seconds, start time, memory")
    func processStat() throws {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime
        // cstime priority nice threads itrealvalue starttime vsize rss …; the command name may hold spaces and parentheses.
        let stat = "4242 (lyap (sweep) x) S 1 2 3 0 -1 0 10 0 0 0 150 50 0 0 20 0 4 0 1000 2048000 300 0 0"
        let metrics = ProcessMetrics.parse(stat: stat, bootTime: 1_700_000_000, ticksPerSecond: 100, pageSize: 4096)
        let values = Dictionary(uniqueKeysWithValues: metrics.map { ($0.name, $0.value) })
        #expect(values["process_cpu_seconds_total"] == 2)
        #expect(values["process_start_time_seconds"] == 1_700_000_010)
        #expect(values["process_virtual_memory_bytes"] == 2_048_000)
        #expect(values["process_resident_memory_bytes"] == 1_228_800, "300 pages of 4 KiB")
        #expect(metrics.first { $0.name == "process_cpu_seconds_total" }?.type == "counter")
        #expect(ProcessMetrics.maxOpenFiles("Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 524288               files\n") == 1024)
    }

    @Test("this process's metrics render with HELP and TYPE, every standard name present")
    func processExposition() {
        let text = ProcessMetrics.exposition()
        for name in ["process_cpu_seconds_total", "process_start_time_seconds", "process_resident_memory_bytes",
                     "process_virtual_memory_bytes", "process_open_fds", "process_max_fds"] {
            #expect(text.contains("# TYPE \(name) "), "\(name)")
            #expect(text.contains("\n\(name) "), "\(name)")
        }
    }
}
