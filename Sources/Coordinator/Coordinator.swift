import Analysis
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
    private let boundEndpoint = Mutex<String?>(nil)
    /// A snapshot of progress, readable from any thread while ``run()`` works.
    public let progress = Mutex(CoordinatorProgress())

    /// Creates a coordinator; nothing is bound until ``run()``.
    ///
    /// - Parameters:
    ///   - sweep: The validated sweep; its tasks must already be recorded in `store` (``ResultStore/beginRun(sweep:tasks:softwareVersion:)``).
    ///   - store: The run's database.
    ///   - configuration: Endpoint and timing.
    ///   - logger: Where the coordinator reports workers joining and dying, rejected frames and failures.
    public init(sweep: LoadedSweep, store: ResultStore, configuration: CoordinatorConfiguration, logger: Logger) {
        self.sweep = sweep
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks ``run()`` to return at its next poll (within one heartbeat interval). Safe from any thread or a signal handler's queue.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
    }

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
        while !stopRequested.load(ordering: .acquiring) {
            if try loop.iterate() { break }
        }
        return try loop.summary()
    }
}

/// Counts and rates for progress displays.
public struct CoordinatorProgress: Sendable, Codable {
    /// All tasks of the sweep.
    public var total = 0
    /// Tasks with a stored result.
    public var done = 0
    /// Tasks given up after repeatedly losing their worker.
    public var failed = 0
    /// Tasks handed out and not yet returned.
    public var running = 0
    /// Workers currently alive.
    public var workersAlive = 0
    /// Tasks re-queued because their worker died.
    public var retries = 0
    /// Frames dropped by validation, all reasons.
    public var rejectedFrames = 0
    /// Results received for tasks that were already done (ignored).
    public var duplicateResults = 0
    /// Trajectory-steps of the stored results of this session.
    public var trajectorySteps = 0
}

/// What a finished (or stopped) coordinator reports.
public struct CoordinatorSummary: Sendable {
    /// λ_nMLE per (η, ε) over every stored result.
    public var rows: [LambdaRow]
    /// The final counts.
    public var progress: CoordinatorProgress
    /// Rejected frames by reason.
    public var rejectedByReason: [String: Int]
    /// Whether every task is done or failed.
    public var complete: Bool
}
