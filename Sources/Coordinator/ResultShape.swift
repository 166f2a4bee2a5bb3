import Sweep
import Wire

/// The check that a RESULT has exactly the shape its sweep gives it, before the scheduler sees it.
enum ResultShape {
    /// Why a result cannot belong to this sweep, or nil if it fits.
    ///
    /// The task id must be the sweep's and match the result's (IC, η); η and the ε list (with the tangent curve's
    /// 0 last when the sweep has one) must be the sweep's bit for bit; the reference loss and every curve must have exactly T + 1 points, or, where a divergence
    /// flag says the trajectory became non-finite at step s (0 ≤ s ≤ T), exactly s points: the finite ones before it.
    static func problem(of report: ResultReport, in definition: SweepDefinition) -> String? {
        let result = report.result
        guard (0..<definition.taskCapacity).contains(report.taskID) else { return "task id \(report.taskID) is not in this sweep" }
        guard definition.contains(result.task), definition.id(of: result.task) == report.taskID
        else { return "task id \(report.taskID) does not match IC \(result.task.icIndex), η index \(result.task.etaIndex)" }
        guard result.eta.bitPattern == definition.training.etas[result.task.etaIndex].bitPattern else { return "η \(result.eta) is not the sweep's" }
        guard result.ensemble.curves.map(\.epsilon.bitPattern) == definition.ensemble.curveEpsilons.map(\.bitPattern)
        else { return "the ε list differs from the sweep's" }
        let points = definition.training.steps + 1
        func expected(divergedAt: Int?) -> Int? {
            guard let divergedAt else { return points }
            return (0..<points).contains(divergedAt) ? divergedAt : nil
        }
        let loss = result.ensemble.referenceLoss.count
        guard expected(divergedAt: result.ensemble.referenceDivergedAt) == loss
        else { return "the reference loss has \(loss) points, not T + 1 = \(points) or the step it diverged at" }
        for curve in result.ensemble.curves {
            let count = curve.meanDistance.count
            guard expected(divergedAt: curve.divergedAt) == count else {
                return "the curve of ε = \(curve.epsilon) has \(count) points, not T + 1 = \(points)"
                    + (curve.divergedAt.map { " (diverged at step \($0): \($0) points)" } ?? "")
            }
            if let members = curve.memberDistances, members.contains(where: { $0.count != count }) {
                return "a member curve of ε = \(curve.epsilon) differs in length from its mean curve"
            }
        }
        return nil
    }
}

/// A limit on STATUS replies: they are computed on the broker thread and can be large, so an unauthenticated
/// flood of STATUS_REQUESTs must not slow the sweep.
struct StatusRateLimit {
    /// Replies per second, all peers together.
    static let perSecond = 20
    /// Worker rows in one reply; the rest are counted in ``CoordinatorStatus/workersNotShown``.
    static let maxWorkerRows = 200

    private var windowStart: ContinuousClock.Instant?
    private var count = 0

    /// Whether one more reply may be sent now.
    mutating func allow(now: ContinuousClock.Instant) -> Bool {
        if let start = windowStart, now - start < .seconds(1) {
            count += 1
        } else {
            windowStart = now
            count = 1
        }
        return count <= Self.perSecond
    }
}
