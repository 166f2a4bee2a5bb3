import CoreMetrics
import Prometheus

/// A swift-metrics factory that creates its metrics in a Prometheus registry, with a `# HELP` text per name.
///
/// `PrometheusMetricsFactory` registers every metric without help text; this one looks the text up in
/// `help`, so `/metrics` documents itself. Timers become duration histograms (seconds) with the buckets
/// given for their name; the registry is owned by the caller (one per run), never a process-wide default.
public struct DashboardMetricsFactory: MetricsFactory {
    /// Where the metrics live; `/metrics` renders it.
    public let registry: PrometheusCollectorRegistry
    private let help: [String: String]
    private let durationBuckets: [String: [Duration]]

    /// Creates a factory over a registry.
    ///
    /// - Parameters:
    ///   - registry: The registry to create metrics in.
    ///   - help: Metric name → help text.
    ///   - durationBuckets: Timer name → histogram bucket bounds in seconds (default: 5 ms … 10 s).
    public init(registry: PrometheusCollectorRegistry, help: [String: String], durationBuckets: [String: [Double]] = [:]) {
        self.registry = registry
        self.help = help
        self.durationBuckets = durationBuckets.mapValues { $0.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) } }
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help[label] ?? "")
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(
            descriptor: descriptor(label), labels: dimensions, buckets: [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10_000])
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = durationBuckets[label] ?? [.milliseconds(5), .milliseconds(50), .milliseconds(500), .seconds(5), .seconds(10)]
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? ValueHistogram { registry.unregisterValueHistogram(histogram) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
