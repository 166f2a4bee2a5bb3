import Analysis

/// Where one (η, ε) row stands against a ``PrecisionTarget``.
public enum PrecisionStatus: String, Hashable, Sendable, Codable {
    /// Its statistic is at or below the target.
    case met
    /// Not met yet, and its η may still gain ICs.
    case open
    /// Not met, and its η has `max_ics` ICs.
    case maxReached = "max_ics reached"
}

/// One row of an adaptive sweep's state, for `status` and the dashboard.
public struct PrecisionRow: Hashable, Sendable, Codable {
    /// The learning rate.
    public var eta: Double
    /// The perturbation size.
    public var epsilon: Double
    /// ICs created for this η.
    public var ics: Int
    /// ICs of this η with a stored result.
    public var stored: Int
    /// ICs kept at this ε.
    public var kept: Int
    /// The statistic the target bounds (SE or interval half-width), per GD step; nil with fewer than 2 kept.
    public var value: Double?
    /// Met or open.
    public var status: PrecisionStatus

    /// Creates a row.
    public init(eta: Double, epsilon: Double, ics: Int, stored: Int, kept: Int, value: Double?, status: PrecisionStatus) {
        self.eta = eta
        self.epsilon = epsilon
        self.ics = ics
        self.stored = stored
        self.kept = kept
        self.value = value
        self.status = status
    }
}

extension PrecisionTarget {
    /// The statistic the target bounds, from an estimate: its standard error, or half the width of its bootstrap
    /// 95% interval; nil where the estimate has none (fewer than 2 kept ICs).
    public func measured(_ estimate: LambdaEstimate) -> Double? {
        switch measure {
        case .standardError:
            return estimate.standardError
        case .intervalHalfWidth:
            guard let lower = estimate.confidenceLower, let upper = estimate.confidenceUpper else { return nil }
            return (upper - lower) / 2
        }
    }

    /// Whether an estimate meets the target; one without the statistic (fewer than 2 kept) does not.
    public func isMet(by estimate: LambdaEstimate) -> Bool {
        measured(estimate).map { $0 <= value } ?? false
    }

    /// The status of a final row: met, `max_ics` reached, or open (its η may still gain ICs: the run is not over).
    public func status(of estimate: LambdaEstimate) -> PrecisionStatus {
        isMet(by: estimate) ? .met : estimate.total >= maxICs ? .maxReached : .open
    }
}
