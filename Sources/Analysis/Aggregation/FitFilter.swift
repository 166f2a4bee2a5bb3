/// The rule deciding which Λ enter λ_nMLE: keep a fit only if R² > minRSquared and Λ > minLambda (docs/METHOD.md §4).
///
/// Both comparisons are strict, so a fit exactly at a threshold is dropped; a NaN R² or Λ fails its test.
public struct FitFilter: Hashable, Sendable, Codable {
    /// The coefficient of determination a fit must exceed (default 0.9).
    public var minRSquared: Double = 0.9
    /// The Λ a fit must exceed, per GD step (default 0.05).
    public var minLambda: Double = 0.05

    /// Creates a filter; the defaults are the source study's (R² > 0.9, Λ > 0.05 per step).
    ///
    /// - Parameters:
    ///   - minRSquared: The R² a fit must exceed.
    ///   - minLambda: The Λ a fit must exceed, per GD step.
    public init(minRSquared: Double = 0.9, minLambda: Double = 0.05) {
        self.minRSquared = minRSquared
        self.minLambda = minLambda
    }

    /// The resolution guard (docs/METHOD.md §4.1): the median perturbation of an ensemble, in units in the last
    /// place of the weights it was added to, below which its fit is ``FitVerdict/unresolved``. At 8 ulps the
    /// perturbation is only a few representable steps of each weight, the size of the map's own round-off in
    /// one step: ε = 1e-14 on trained weights near 8 (≈ 3 ulps) is below it, on weights near 1 (≈ 45) above.
    public static let minResolution = 8.0

    /// The verdict on one (IC, ε): the first that applies of diverged, no window, unresolved, poor fit,
    /// below the minimum Λ, kept.
    ///
    /// - Parameters:
    ///   - fit: The fit of the IC's ln⟨d⟩ curve, nil if no window was valid.
    ///   - diverged: Whether a trajectory of the ensemble became non-finite; such an IC is never kept,
    ///     whatever its fit.
    ///   - resolution: The ensemble's median perturbation in ulps of its weights
    ///     (``Dynamics``' `PerturbationResolution`), nil where not measured (the tangent curve, older results):
    ///     below ``minResolution`` the fit is unresolved, whatever its R² and Λ.
    /// - Returns: ``FitVerdict/kept`` only if not diverged, the fit exists, the perturbation is resolved,
    ///   R² > ``minRSquared`` and Λ > ``minLambda``.
    public func verdict(for fit: LyapunovFit?, diverged: Bool, resolution: Double? = nil) -> FitVerdict {
        if diverged { return .diverged }
        guard let fit else { return .noWindow }
        if let resolution, !(resolution >= Self.minResolution) { return .unresolved }
        if !(fit.rSquared > minRSquared) { return .poorFit }
        if !(fit.lambda > minLambda) { return .belowMinLambda }
        return .kept
    }
}
