import Synchronization

/// The latest published state of a coordinator, for readers on other threads (the dashboard, `/metrics`).
///
/// The broker thread publishes a snapshot at most every 250 ms (and once more when it finishes); readers
/// take the snapshot under a lock held only for the copy, so watching a sweep never stalls its broker loop.
public final class StatusBoard: Sendable {
    /// One published state.
    public struct Snapshot: Sendable {
        /// Counts, workers and rejected frames.
        public var status: CoordinatorStatus
        /// λ_nMLE per (η, ε) so far.
        public var lambda: LiveLambda
        /// Increases by one with every publication.
        public var sequence: Int
    }

    private let latest = Mutex<Snapshot?>(nil)

    /// Creates an empty board; ``snapshot`` is nil until the coordinator publishes.
    public init() {}

    /// The latest snapshot, or nil before the coordinator has started.
    public var snapshot: Snapshot? { latest.withLock { $0 } }

    /// Replaces the snapshot; the coordinator calls it from its broker thread.
    ///
    /// - Parameters:
    ///   - status: The coordinator's live status.
    ///   - lambda: λ_nMLE per (η, ε) so far.
    public func publish(status: CoordinatorStatus, lambda: LiveLambda) {
        latest.withLock { snapshot in
            snapshot = Snapshot(status: status, lambda: lambda, sequence: (snapshot?.sequence ?? 0) + 1)
        }
    }
}
