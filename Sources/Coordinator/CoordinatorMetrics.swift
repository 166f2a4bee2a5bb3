import CoreMetrics
import Wire

/// The coordinator's metrics, recorded through swift-metrics into the factory the caller gives (a Prometheus
/// registry owned by the run for `/metrics`; nothing without one).
///
/// Names follow the Prometheus conventions (`lyapsweep_` prefix, base units, `_total` for counters);
/// ``help`` has the text of each for a `# HELP` line.
struct CoordinatorMetrics {
    /// Metric name → one-line help text, for exporters that print it.
    static let help: [String: String] = [
        "lyapsweep_tasks": "Tasks of the sweep by state (pending, running, done, failed).",
        "lyapsweep_results_stored_total": "Results written to the database in this coordinator session.",
        "lyapsweep_task_duration_seconds": "Compute time of each task on its worker, in seconds.",
        "lyapsweep_workers_alive": "Workers that sent a message within the liveness window.",
        "lyapsweep_heartbeats_missed_total": "Heartbeat intervals in which a connected worker sent nothing.",
        "lyapsweep_frames_rejected_total": "Frames dropped by validation, by reason.",
        "lyapsweep_trajectory_steps_total": "Trajectory-steps of the results stored in this coordinator session.",
    ]

    /// Every reason a frame is dropped for: the wire's validation, the broker's checks and the scheduler's refusals.
    /// Each gets its `lyapsweep_frames_rejected_total` series at 0 from the start, so rates and alerts see it
    /// before the first rejection.
    static let rejectionReasons: [String] = {
        let wire: [WireError.Reason] = [
            .wrongFrameCount, .badMagic, .versionMismatch(remote: 0, local: 0), .unknownType(0), .truncated, .oversized(0),
            .oversizedResult(0), .unsupportedFlags(0), .malformedPayload, .inconsistent,
        ]
        let broker = ["inconsistent_result", "fits_mismatch", "status_rate_limited", "unexpected_type"]
        return Array(Set(wire.map(\.counterName) + broker + RefusedResult.allCases.map(\.counterName))).sorted()
    }()

    /// Bucket bounds of ``taskDuration``, in seconds: tasks take from milliseconds (tiny sweeps) to minutes (digits).
    static let taskDurationBuckets: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600]

    private let factory: any MetricsFactory
    private let tasks: [String: Gauge]
    let resultsStored: Counter
    let taskDuration: Timer
    let workersAlive: Gauge
    let heartbeatsMissed: Counter
    let trajectorySteps: Counter
    private var rejected: [String: Counter] = [:]

    /// Creates every metric in `factory` (with zero values, so a scrape shows them before the first event).
    init(factory: any MetricsFactory) {
        self.factory = factory
        tasks = Dictionary(uniqueKeysWithValues: ["pending", "running", "done", "failed"].map {
            ($0, Gauge(label: "lyapsweep_tasks", dimensions: [("state", $0)], factory: factory))
        })
        resultsStored = Counter(label: "lyapsweep_results_stored_total", factory: factory)
        taskDuration = Timer(label: "lyapsweep_task_duration_seconds", factory: factory)
        workersAlive = Gauge(label: "lyapsweep_workers_alive", factory: factory)
        heartbeatsMissed = Counter(label: "lyapsweep_heartbeats_missed_total", factory: factory)
        trajectorySteps = Counter(label: "lyapsweep_trajectory_steps_total", factory: factory)
        for reason in Self.rejectionReasons {
            rejected[reason] = Counter(label: "lyapsweep_frames_rejected_total", dimensions: [("reason", reason)], factory: factory)
        }
    }

    /// Sets the task gauges from the coordinator's counts.
    func recordTasks(_ progress: CoordinatorProgress) {
        tasks["pending"]?.record(progress.total - progress.done - progress.failed - progress.running)
        tasks["running"]?.record(progress.running)
        tasks["done"]?.record(progress.done)
        tasks["failed"]?.record(progress.failed)
        workersAlive.record(progress.workersAlive)
    }

    /// Counts one frame dropped for `reason`.
    mutating func countRejected(_ reason: String) {
        if rejected[reason] == nil {
            rejected[reason] = Counter(label: "lyapsweep_frames_rejected_total", dimensions: [("reason", reason)], factory: factory)
        }
        rejected[reason]?.increment()
    }
}
