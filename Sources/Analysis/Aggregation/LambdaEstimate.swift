/// λ_nMLE of one (η, ε) cell with its spread, interval, drop counts and the distribution P(Λ) (docs/METHOD.md §4).
///
/// All Λ statistics are over the kept ICs only and are per GD step. Invariant: `kept + dropped.total == total`.
public struct LambdaEstimate: Hashable, Sendable, Codable {
    /// The number of ICs seen, kept or not.
    public var total: Int
    /// The number of ICs whose Λ passed the filter.
    public var kept: Int
    /// The ICs dropped, by reason.
    public var dropped: DropCounts
    /// λ_nMLE, the mean of the kept Λ, per GD step; nil if none was kept.
    public var mean: Double?
    /// The population standard deviation (divisor n) of the kept Λ, per GD step — the fluctuation the source
    /// study plots; 0 for a single kept IC, nil if none was kept.
    public var standardDeviation: Double?
    /// The standard error of ``mean``: the sample standard deviation (divisor n − 1) over √n, per GD step;
    /// nil if fewer than 2 ICs were kept.
    public var standardError: Double?
    /// The lower end of the percentile-bootstrap 95% interval of ``mean``, per GD step; nil if fewer than
    /// 2 ICs were kept or no resamples were asked for.
    public var confidenceLower: Double?
    /// The upper end of the percentile-bootstrap 95% interval of ``mean``, per GD step; nil when
    /// ``confidenceLower`` is.
    public var confidenceUpper: Double?
    /// The median τ (``FitWindow/end``) of the kept fits, in GD steps; nil if none was kept.
    public var medianTau: Double?
    /// The histogram of the kept Λ (per GD step); empty edges and counts if none was kept.
    public var histogram: Histogram

    /// The fraction of the ICs seen that were kept, in [0, 1]; 0 when no IC was seen.
    public var keptFraction: Double { total == 0 ? 0 : Double(kept) / Double(total) }

    /// Creates an estimate from its parts, for example when reading one back from storage.
    ///
    /// - Parameters:
    ///   - total: The number of ICs seen.
    ///   - kept: The number of ICs kept.
    ///   - dropped: The ICs dropped, by reason.
    ///   - mean: λ_nMLE, per GD step.
    ///   - standardDeviation: The population standard deviation of the kept Λ.
    ///   - standardError: The standard error of the mean.
    ///   - confidenceLower: The lower end of the bootstrap interval.
    ///   - confidenceUpper: The upper end of the bootstrap interval.
    ///   - medianTau: The median τ of the kept fits, in GD steps.
    ///   - histogram: The histogram of the kept Λ.
    public init(total: Int, kept: Int, dropped: DropCounts, mean: Double?, standardDeviation: Double?,
                standardError: Double?, confidenceLower: Double?, confidenceUpper: Double?,
                medianTau: Double?, histogram: Histogram) {
        self.total = total
        self.kept = kept
        self.dropped = dropped
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.standardError = standardError
        self.confidenceLower = confidenceLower
        self.confidenceUpper = confidenceUpper
        self.medianTau = medianTau
        self.histogram = histogram
    }
}
