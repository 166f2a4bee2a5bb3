import Analysis
import CoreMetrics
import Foundation
import Logging
import Store
import Sweep
import Synchronization
import Wire
import ZeroMQ

/// The broker of a sweep: hands tasks to workers over a ZeroMQ ROUTER socket, stores their results and
/// folds them into λ_nMLE.
///
/// Flow control is by credit: a worker's READY says how many more tasks it can take, and the coordinator
/// never sends more. Workers and coordinator exchange heartbeats; a worker silent for the liveness window
/// is dead and its tasks go back to the front of the queue. Every result is written to the ``ResultStore``
/// before it is acknowledged, and a late duplicate is acknowledged but not stored again. A frame that fails
/// validation is dropped, counted by reason and logged with its sender; it never reaches the scheduler.
///
/// ``run()`` blocks the calling thread until every task is done or failed (then it sends SHUTDOWN to every
/// worker) or until ``requestStop()``.
public final class Coordinator: Sendable {
    /// The sweep being computed.
    public let sweep: LoadedSweep
    /// Where results go.
    public let store: ResultStore
    /// The listening endpoint and timing.
    public let configuration: CoordinatorConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let boundEndpoint = Mutex<String?>(nil)
    /// A snapshot of progress, readable from any thread while ``run()`` works.
    public let progress = Mutex(CoordinatorProgress())
    /// The live status and λ table, published by the broker at most every 250 ms, for the dashboard.
    public let statusBoard = StatusBoard()
    /// Where the broker records its metrics.
    let metricsFactory: any MetricsFactory

    /// Creates a coordinator; nothing is bound until ``run()``.
    ///
    /// - Parameters:
    ///   - sweep: The validated sweep; its tasks must already be recorded in `store` (``ResultStore/beginRun(sweep:tasks:softwareVersion:)``).
    ///   - store: The run's database.
    ///   - configuration: Endpoint and timing.
    ///   - logger: Where the coordinator reports workers joining and dying, rejected frames and failures.
    ///   - metrics: Where to record task, result, worker, heartbeat and rejected-frame metrics (e.g. a
    ///     `PrometheusMetricsFactory` over a registry the caller owns); nil records nothing.
    public init(
        sweep: LoadedSweep, store: ResultStore, configuration: CoordinatorConfiguration, logger: Logger,
        metrics: (any MetricsFactory)? = nil
    ) {
        self.sweep = sweep
        self.store = store
        self.configuration = configuration
        self.logger = logger
        metricsFactory = metrics ?? NOOPMetricsHandler.instance
    }

    /// Metric name → help text of every metric the coordinator records, for an exporter's `# HELP` lines.
    public static var metricHelp: [String: String] { CoordinatorMetrics.help }

    /// Histogram bucket bounds of `lyapsweep_task_duration_seconds`, in seconds.
    public static var taskDurationBuckets: [Double] { CoordinatorMetrics.taskDurationBuckets }

    /// Asks ``run()`` to return at its next poll (within a quarter of a heartbeat interval). Safe from any thread or a signal handler's queue.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
    }

    /// Whether every task is done or failed (set before the workers are told to shut down).
    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Records that every task is done or failed.
    func markFinished() { finished.store(true, ordering: .releasing) }

    /// Whether ``requestStop()`` was called.
    public var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// The endpoint actually bound (with the port filled in for `tcp://host:*`), once ``run()`` has bound it.
    public var endpoint: String? { boundEndpoint.withLock { $0 } }

    /// Runs the broker loop until the sweep is complete or a stop is requested.
    ///
    /// - Returns: the final λ table and counters.
    /// - Throws: ``ZeroMQError`` if the endpoint cannot be bound, a ``StoreError`` if the database fails.
    public func run() throws -> CoordinatorSummary {
        var loop = try BrokerLoop(coordinator: self, logger: logger)
        boundEndpoint.withLock { $0 = loop.endpoint }
        defer { loop.close() }
        // The session's record (when the database has one): where `status --connect` reaches this coordinator.
        try? store.recordSessionEndpoint(loop.endpoint)
        while !stopRequested.load(ordering: .acquiring) {
            if try loop.iterate() { break }
        }
        // Results accepted but not yet durable are not acknowledged: their workers send them again.
        loop.registerWorkers()
        loop.commitUnstored(now: .now)
        loop.sendAcknowledgements()
        loop.publishStatus(now: .now)
        // Nobody hears the workers any more: the database says so, and records the session's end.
        try? store.markAliveWorkersGone()
        try? store.endSession()
        return loop.summary()
    }
}

/// Counts and rates for progress displays.
public struct CoordinatorProgress: Sendable, Codable, Equatable {
    /// All tasks of the sweep.
    public var total = 0
    /// Tasks with a stored result.
    public var done = 0
    /// Tasks given up (they crashed workers, or were lost on too many hosts).
    public var failed = 0
    /// Tasks handed out and not yet returned.
    public var running = 0
    /// Workers currently alive.
    public var workersAlive = 0
    /// Tasks re-queued (their worker died or crashed, or their lease expired).
    public var retries = 0
    /// Frames dropped by validation, all reasons.
    public var rejectedFrames = 0
    /// Results received for tasks that were already done (ignored).
    public var duplicateResults = 0
    /// Trajectory-steps of the stored results of this session.
    public var trajectorySteps = 0
    /// Trajectory-steps done inside the running tasks, as the workers' last heartbeats report them.
    public var stepsInProgress = 0

    /// All counts zero.
    public init() {}
}

/// What a finished (or stopped) coordinator reports; the λ table is read from the store, which holds every result.
public struct CoordinatorSummary: Sendable {
    /// The final counts.
    public var progress: CoordinatorProgress
    /// Rejected frames by reason.
    public var rejectedByReason: [String: Int]
    /// Whether every task is done or failed.
    public var complete: Bool
    /// Whether every task is done.
    public var succeeded: Bool { complete && progress.failed == 0 }
}
