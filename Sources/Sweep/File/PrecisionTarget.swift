/// The precision an adaptive ensemble stops at (`[ensemble] target_se` or `target_ci_half_width`, `max_ics`,
/// `batch`): every η starts with `ics` ICs and gains `batch` more at a time until every ε of that η meets the
/// target, or `max_ics` ICs are reached.
///
/// Each decision looks only at a complete prefix of ICs 0 … n − 1 of one η, so which ICs are computed depends on
/// the sweep alone — not on the number of workers, the order results arrive in, or a restart.
public struct PrecisionTarget: Hashable, Sendable, Codable {
    /// Which statistic of λ_nMLE the target bounds.
    public enum Measure: String, Hashable, Sendable, Codable, CaseIterable {
        /// The standard error of λ_nMLE (``Analysis/LambdaEstimate/standardError``), per GD step.
        case standardError = "target_se"
        /// Half the width of the bootstrap 95% interval of λ_nMLE, per GD step.
        case intervalHalfWidth = "target_ci_half_width"
    }

    /// The statistic bounded.
    public var measure: Measure
    /// The largest value of ``measure`` that meets the target, per GD step (> 0).
    public var value: Double
    /// The most ICs one η may have (≥ `ics`).
    public var maxICs: Int
    /// ICs added to an η at a time (≥ 1).
    public var batch: Int

    /// Creates a target.
    public init(measure: Measure, value: Double, maxICs: Int, batch: Int) {
        self.measure = measure
        self.value = value
        self.maxICs = maxICs
        self.batch = batch
    }

    /// The size of the next prefix of an η that has `count` ICs and does not meet the target yet: `count + batch`,
    /// at most `maxICs`; nil when `count` already is `maxICs`.
    public func nextCount(after count: Int) -> Int? {
        count >= maxICs ? nil : min(count + batch, maxICs)
    }
}
