import Coordinator
import Dashboard
import Metrics
import Prometheus
import Testing

@Suite("Metrics through swift-metrics into the run's Prometheus registry")
struct DashboardMetricsFactoryTests {
    @Test("counters, labelled gauges and timers render with HELP and TYPE lines; timers as histograms in seconds")
    func exposition() {
        let registry = PrometheusCollectorRegistry()
        let factory = DashboardMetricsFactory(
            registry: registry, help: Coordinator.metricHelp,
            durationBuckets: ["lyapsweep_task_duration_seconds": Coordinator.taskDurationBuckets])
        Counter(label: "lyapsweep_results_stored_total", factory: factory).increment(by: 3)
        Gauge(label: "lyapsweep_tasks", dimensions: [("state", "done")], factory: factory).record(3)
        Metrics.Timer(label: "lyapsweep_task_duration_seconds", factory: factory).recordSeconds(0.3)
        let text = registry.emitToString()
        #expect(text.contains("# HELP lyapsweep_results_stored_total Results written to the database in this coordinator session.\n"))
        #expect(text.contains("# TYPE lyapsweep_results_stored_total counter\nlyapsweep_results_stored_total 3\n"))
        #expect(text.contains("# TYPE lyapsweep_tasks gauge\nlyapsweep_tasks{state=\"done\"} 3.0\n"))
        #expect(text.contains("# TYPE lyapsweep_task_duration_seconds histogram\n"))
        #expect(text.contains("lyapsweep_task_duration_seconds_bucket{le=\"0.25\"} 0\n"))
        #expect(text.contains("lyapsweep_task_duration_seconds_bucket{le=\"0.5\"} 1\n"))
        #expect(text.contains("lyapsweep_task_duration_seconds_sum 0.3\n"))
    }

    @Test("two registries do not share metrics (one per run, no process-wide bootstrap)")
    func separateRegistries() {
        let first = PrometheusCollectorRegistry(), second = PrometheusCollectorRegistry()
        Counter(label: "lyapsweep_results_stored_total", factory: DashboardMetricsFactory(registry: first, help: [:])).increment()
        #expect(first.emitToString().contains("lyapsweep_results_stored_total 1"))
        #expect(!second.emitToString().contains("lyapsweep_results_stored_total"))
    }
}
