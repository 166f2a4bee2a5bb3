/// Whether one (IC, ε) fit enters λ_nMLE, and if not, why (docs/METHOD.md §4).
///
/// The raw values are the stable spellings used in stored results and reports.
public enum FitVerdict: String, Hashable, Sendable, Codable, CaseIterable {
    /// R² and Λ pass the filter: Λ enters λ_nMLE.
    case kept
    /// R² ≤ the filter's minimum: ln⟨d⟩ is not a straight line on the best window.
    case poorFit = "poor_fit"
    /// Λ ≤ the filter's minimum Λ (`min_lambda`): too slow a growth to count (R² passed). Stored as
    /// `non_positive` before this name.
    case belowMinLambda = "below_min_lambda"
    /// A trajectory of the ensemble became non-finite; counted apart, never averaged in.
    case diverged
    /// No candidate window was valid, so there is no fit.
    case noWindow = "no_window"
    /// The perturbation was below the resolution of Float64 around the weights it was added to
    /// (``FitFilter/minResolution``): the curve measures round-off as much as the map, so it is counted apart.
    case unresolved
}

extension FitVerdict {
    /// The verdict of a stored spelling, including those of earlier versions (`non_positive` is
    /// ``belowMinLambda``); an unknown spelling reads as ``noWindow``.
    public init(stored: String) {
        self = FitVerdict(rawValue: stored) ?? (stored == "non_positive" ? .belowMinLambda : .noWindow)
    }
}
