/// How many ICs of one (η, ε) cell were dropped from λ_nMLE, by reason (docs/METHOD.md §4).
public struct DropCounts: Hashable, Sendable, Codable {
    /// ICs whose best window had R² at or below the filter's minimum.
    public var poorFit = 0
    /// ICs whose Λ was at or below the filter's minimum.
    public var belowMinLambda = 0
    /// ICs whose ensemble diverged (counted apart, whatever their fit).
    public var diverged = 0
    /// ICs with no valid fit window.
    public var noWindow = 0
    /// ICs whose perturbation was below the resolution of the weights (``FitVerdict/unresolved``).
    public var unresolved = 0

    /// The number of dropped ICs, all reasons together.
    public var total: Int { poorFit + belowMinLambda + diverged + noWindow + unresolved }

    /// Creates counts, all zero by default.
    ///
    /// - Parameters:
    ///   - poorFit: ICs dropped for a poor fit.
    ///   - belowMinLambda: ICs dropped for a too small Λ.
    ///   - diverged: ICs dropped because their ensemble diverged.
    ///   - noWindow: ICs dropped for lack of a valid window.
    ///   - unresolved: ICs dropped because their perturbation was below the weights' resolution.
    public init(poorFit: Int = 0, belowMinLambda: Int = 0, diverged: Int = 0, noWindow: Int = 0, unresolved: Int = 0) {
        self.poorFit = poorFit
        self.belowMinLambda = belowMinLambda
        self.diverged = diverged
        self.noWindow = noWindow
        self.unresolved = unresolved
    }

    /// Counts one IC under its verdict's reason; ``FitVerdict/kept`` is not a drop and changes nothing.
    ///
    /// - Parameter verdict: The IC's verdict.
    public mutating func count(_ verdict: FitVerdict) {
        switch verdict {
        case .kept: break
        case .poorFit: poorFit += 1
        case .belowMinLambda: belowMinLambda += 1
        case .diverged: diverged += 1
        case .noWindow: noWindow += 1
        case .unresolved: unresolved += 1
        }
    }
}
