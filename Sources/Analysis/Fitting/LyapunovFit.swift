/// The finite network Lyapunov exponent Λ of one (IC, ε): the least-squares slope of ln⟨d⟩(t) on a window.
///
/// Fitted as ln⟨d⟩(t) = intercept + Λ·t over the time steps of ``window`` (docs/METHOD.md §3).
public struct LyapunovFit: Hashable, Sendable, Codable {
    /// Λ, the growth rate of ln⟨d⟩, per GD step.
    public var lambda: Double
    /// The fitted line's value at t = 0 (not at the window start): ln of a distance in the curve's norm.
    public var intercept: Double
    /// The coefficient of determination R² ∈ [0, 1] of the fit on its window.
    public var rSquared: Double
    /// The time steps actually fitted; ``FitWindow/end`` is τ, where the exponential phase is taken to end.
    public var window: FitWindow

    /// Creates a fit from its parts, for example when reading one back from storage.
    ///
    /// - Parameters:
    ///   - lambda: Λ, per GD step.
    ///   - intercept: The line's value at t = 0.
    ///   - rSquared: The coefficient of determination.
    ///   - window: The time steps fitted.
    public init(lambda: Double, intercept: Double, rSquared: Double, window: FitWindow) {
        self.lambda = lambda
        self.intercept = intercept
        self.rSquared = rSquared
        self.window = window
    }
}
