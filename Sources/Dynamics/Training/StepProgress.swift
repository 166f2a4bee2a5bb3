import Synchronization

/// A counter of trajectory-steps done inside a running task, written by the compute thread and read by
/// whoever reports progress (a worker's heartbeats).
///
/// The kernel adds to it once per lockstep step (all trajectories of the step at once), so reading it
/// costs the computation nothing and a reader sees progress move even through a long task.
public final class StepProgress: Sendable {
    private let steps = Atomic<Int>(0)

    /// Creates a counter at zero.
    public init() {}

    /// Trajectory-steps added since creation or the last ``reset()``.
    public var trajectorySteps: Int { steps.load(ordering: .relaxed) }

    /// Adds `count` trajectory-steps.
    public func add(_ count: Int) { steps.add(count, ordering: .relaxed) }

    /// Sets the counter back to zero (a new task starts).
    public func reset() { steps.store(0, ordering: .relaxed) }
}
