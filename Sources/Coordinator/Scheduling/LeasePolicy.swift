/// How long a worker may hold a task before it is handed to another worker as well.
///
/// A lease is measured from the moment the task is sent. Its length follows the sweep's measured task time: a
/// task queued behind `ahead` others on the same worker gets `factor × mean × (1 + ahead)`, clamped to
/// [``floor``, ``cap``]. Before any result has been measured the lease is ``cap``. Leases are re-evaluated
/// against the current mean at every tick, so the first measurements shorten the leases already granted.
///
/// An expired lease does not take the task away from its holder: the task is also queued for another worker,
/// and the first valid result wins (every result of a task is the same bits, by determinism).
public struct LeasePolicy: Sendable, Equatable {
    /// The shortest lease, whatever the measured task time.
    public var floor: Duration
    /// The longest lease, and the lease before any task time has been measured.
    public var cap: Duration
    /// How many mean task times a worker gets per task it holds.
    public var factor: Double

    /// Creates a policy; the defaults suit tasks from milliseconds to hours.
    public init(floor: Duration = .seconds(10), cap: Duration = .seconds(6 * 3600), factor: Double = 4) {
        self.floor = floor
        self.cap = max(cap, floor)
        self.factor = factor
    }

    /// The lease of a task with `ahead` tasks before it on its worker, given the mean task time so far.
    public func duration(meanTaskSeconds: Double?, ahead: Int) -> Duration {
        guard let meanTaskSeconds, meanTaskSeconds.isFinite, meanTaskSeconds >= 0 else { return cap }
        let seconds = factor * meanTaskSeconds * Double(1 + max(0, ahead))
        guard seconds.isFinite, seconds < cap.seconds else { return cap }
        return max(floor, .seconds(seconds))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
