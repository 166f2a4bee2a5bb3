import Analysis

/// The fit of one (η, IC, ε): Λ, R² and the window, or why there is none, and the filter's verdict.
public struct ICFit: Hashable, Sendable, Codable {
    /// Position of η in the sweep.
    public var etaIndex: Int
    /// The learning rate.
    public var eta: Double
    /// The IC number k.
    public var icIndex: Int
    /// Position of ε in the sweep.
    public var epsilonIndex: Int
    /// The perturbation size.
    public var epsilon: Double
    /// The fit of ln⟨d⟩(t), nil if no window had enough finite points.
    public var fit: LyapunovFit?
    /// Kept, or why it was dropped.
    public var verdict: FitVerdict
    /// The step at which a trajectory of this ensemble diverged, if one did.
    public var divergedAt: Int?

    /// Creates a fit record; see the properties for meanings.
    public init(etaIndex: Int, eta: Double, icIndex: Int, epsilonIndex: Int, epsilon: Double, fit: LyapunovFit?,
                verdict: FitVerdict, divergedAt: Int?) {
        self.etaIndex = etaIndex
        self.eta = eta
        self.icIndex = icIndex
        self.epsilonIndex = epsilonIndex
        self.epsilon = epsilon
        self.fit = fit
        self.verdict = verdict
        self.divergedAt = divergedAt
    }

    /// Fits every curve of a task result — each ε, then the tangent curve (ε = 0) if there is one — with the
    /// sweep's window rule and filter; an ε curve whose perturbation was below the weights' resolution is
    /// ``FitVerdict/unresolved``.
    public static func fits(of result: TaskResult, definition: SweepDefinition) -> [ICFit] {
        result.ensemble.curves.enumerated().map { epsilonIndex, curve in
            let fit = curve.diverged ? nil : LyapunovFitter.fit(meanDistance: curve.meanDistance, rule: definition.fit.window)
            return ICFit(
                etaIndex: result.task.etaIndex, eta: result.eta, icIndex: result.task.icIndex,
                epsilonIndex: epsilonIndex, epsilon: curve.epsilon, fit: fit,
                verdict: definition.fit.filter.verdict(for: fit, diverged: curve.diverged, resolution: curve.resolution),
                divergedAt: curve.divergedAt)
        }
    }
}
