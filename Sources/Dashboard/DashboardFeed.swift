import Coordinator
import Foundation
import Synchronization

/// What the dashboard serves, derived from the coordinator's ``StatusBoard`` on the HTTP side.
///
/// It never touches the broker: it reads the latest published snapshot and keeps its own short history of
/// throughput (trajectory-steps per second, sampled by ``sample()`` once a second) for the sparkline. A read-only
/// dashboard over a database (``database`` set) is fed one snapshot rebuilt from it.
public final class DashboardFeed: Sendable {
    /// Samples of throughput kept for the sparkline: the last two minutes at one per second.
    public static let historyLength = 120

    private struct Sample { var elapsed: Double; var steps: Int }
    private struct History { var last: Sample?; var rates: [Double] = [] }

    private let board: StatusBoard
    private let history = Mutex(History())
    private let closed = Atomic<Bool>(false)
    /// The database a read-only dashboard shows; nil for a live run.
    public let database: String?

    /// Creates a feed over a coordinator's status board, or over a board holding a database's state.
    ///
    /// - Parameters:
    ///   - board: The coordinator's status board (or one published from a database).
    ///   - database: The database's path for a read-only dashboard; nil for a live run.
    public init(board: StatusBoard, database: String? = nil) {
        self.board = board
        self.database = database
    }

    /// Whether the dashboard is shutting down: event streams end.
    public var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// Ends every event stream within a second (the dashboard is shutting down).
    public func close() { closed.store(true, ordering: .releasing) }

    /// The latest snapshot, or nil before the coordinator has published one.
    public var snapshot: StatusBoard.Snapshot? { board.snapshot }

    /// Records the throughput since the previous call (trajectory-steps, including those in running tasks, per second).
    public func sample() {
        guard let status = board.snapshot?.status else { return }
        let now = Sample(elapsed: status.elapsedSeconds, steps: status.trajectoryStepsIncludingRunning)
        history.withLock { history in
            if let last = history.last, now.elapsed > last.elapsed {
                history.rates.append(max(0, Double(now.steps - last.steps) / (now.elapsed - last.elapsed)))
                if history.rates.count > Self.historyLength { history.rates.removeFirst(history.rates.count - Self.historyLength) }
            }
            if history.last == nil || now.elapsed > history.last!.elapsed { history.last = now }
        }
    }

    /// `/api/progress`.
    public func progress() -> ProgressPayload? {
        guard let status = snapshot?.status else { return nil }
        return ProgressPayload(status: status, throughput: history.withLock { $0.rates }, database: database)
    }

    /// `/api/workers`.
    public func workers() -> WorkersPayload? {
        snapshot.map { WorkersPayload(livenessSeconds: $0.status.livenessSeconds, workers: $0.status.workers) }
    }

    /// `/api/lambda`.
    public func lambda() -> LambdaPayload? {
        snapshot.map { LambdaPayload($0.lambda, precision: $0.status.precision, onset: $0.status.onset) }
    }
}
