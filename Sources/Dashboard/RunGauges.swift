import Coordinator
import Prometheus
import Sweep
import Synchronization

/// The gauges `/metrics` derives from the latest snapshot at each scrape: `lyapsweep_info`, the progress ratio,
/// the ETA and λ_nMLE per (η, ε).
///
/// They live in the run's registry next to the coordinator's counters; nothing is recorded on the broker thread.
/// η and ε label values are the shortest text that reads back as the same Float64 (`0.01`, `1e-12`).
public final class RunGauges: Sendable {
    /// Metric name → help text of every gauge set here.
    public static let help: [String: String] = [
        "lyapsweep_info": "Always 1; the labels say which lyapsweep version serves which sweep, and the kernel variant this binary chooses on its host (the report lists each worker's).",
        "lyapsweep_progress_ratio": "Tasks done or failed over all tasks of the sweep (0 to 1).",
        "lyapsweep_eta_seconds": "Seconds to the end of the sweep at this session's rate; NaN while unknown, 0 at the end.",
        "lyapsweep_lambda": "λ_nMLE per (η, ε): the mean kept Λ per gradient-descent step so far; NaN while no IC is kept.",
        "lyapsweep_lambda_kept_ratio": "ICs kept over ICs with a result, per (η, ε); NaN before the first result.",
    ]

    private struct Created {
        var info: Gauge?
        var lambda: [Double: [Double: (value: Gauge, kept: Gauge)]] = [:]
    }

    private let registry: PrometheusCollectorRegistry
    private let kernelVariant: String
    private let progress: Gauge
    private let eta: Gauge
    private let created = Mutex(Created())

    /// Creates the progress and ETA gauges in `registry` (NaN until the first snapshot).
    ///
    /// - Parameters:
    ///   - registry: The run's registry, which `/metrics` renders.
    ///   - kernelVariant: The `variant` label of `lyapsweep_info`: the ensemble kernel this binary chooses on its host (the
    ///     local workers'; a remote worker may run another, as the report's provenance says).
    public init(registry: PrometheusCollectorRegistry, kernelVariant: String) {
        self.registry = registry
        self.kernelVariant = kernelVariant
        progress = Self.gauge("lyapsweep_progress_ratio", in: registry)
        eta = Self.gauge("lyapsweep_eta_seconds", in: registry)
        progress.set(to: .nan)
        eta.set(to: .nan)
    }

    /// Sets every gauge from a snapshot (nothing before the coordinator's first one).
    public func record(_ snapshot: StatusBoard.Snapshot?) {
        guard let snapshot else { return }
        let status = snapshot.status, counts = status.progress
        progress.set(to: counts.total == 0 ? 1 : Double(counts.done + counts.failed) / Double(counts.total))
        eta.set(to: status.etaSeconds ?? .nan)
        created.withLock { created in
            if created.info == nil {
                created.info = Self.gauge(
                    "lyapsweep_info", in: registry,
                    labels: [("version", LyapsweepVersion.current), ("sweep", status.sweepName), ("variant", kernelVariant)])
                created.info?.set(to: 1)
            }
            for point in snapshot.lambda.points() {
                let gauges = created.lambda[point.eta]?[point.epsilon] ?? makeLambdaGauges(eta: point.eta, epsilon: point.epsilon)
                created.lambda[point.eta, default: [:]][point.epsilon] = gauges
                gauges.value.set(to: point.lambda ?? .nan)
                gauges.kept.set(to: point.total == 0 ? .nan : Double(point.kept) / Double(point.total))
            }
        }
    }

    private func makeLambdaGauges(eta: Double, epsilon: Double) -> (value: Gauge, kept: Gauge) {
        let labels = [("eta", "\(eta)"), ("epsilon", "\(epsilon)")]
        return (Self.gauge("lyapsweep_lambda", in: registry, labels: labels),
                Self.gauge("lyapsweep_lambda_kept_ratio", in: registry, labels: labels))
    }

    /// A gauge of `registry` with the help text of ``help``.
    private static func gauge(_ name: String, in registry: PrometheusCollectorRegistry, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? ""), labels: labels)
    }
}
