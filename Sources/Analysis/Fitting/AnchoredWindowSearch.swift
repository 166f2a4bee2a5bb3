/// The anchored window search: windows that all start at t = 0 and end at a varying step t_b (docs/METHOD.md §3).
///
/// Candidates are the points 0 ≤ t ≤ t_b that exist on the curve, for t_b ∈ {endMin, endMin + endStep, …}
/// up to endMax, in GD steps. ``LyapunovFitter`` keeps the highest R², ties going to the longer window.
/// Because every window includes t = 0, a flat start of the curve is averaged into Λ. A non-positive step,
/// or endMin above endMax, leaves no candidates.
public struct AnchoredWindowSearch: Hashable, Sendable, Codable {
    /// The smallest last step t_b tried (inclusive), in GD steps.
    public var endMin = 10
    /// The largest last step t_b tried (inclusive if reached by the step), in GD steps.
    public var endMax = 200
    /// The increment between successive t_b, in GD steps; must be positive.
    public var endStep = 1

    /// Creates an anchored search; the defaults try t_b = 10, 11, …, 200.
    ///
    /// - Parameters:
    ///   - endMin: The smallest last step t_b.
    ///   - endMax: The largest last step t_b.
    ///   - endStep: The increment between successive t_b (positive).
    public init(endMin: Int = 10, endMax: Int = 200, endStep: Int = 1) {
        self.endMin = endMin
        self.endMax = endMax
        self.endStep = endStep
    }
}
