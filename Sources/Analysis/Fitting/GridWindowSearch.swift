/// The grid window search of the source study's analysis (docs/METHOD.md §3, the default rule).
///
/// Candidates are every start t_a ∈ {startMin, startMin + startStep, …} up to startMax (outer loop)
/// and every length ℓ ∈ {lengthMin, lengthMin + lengthStep, …} up to lengthMax (inner loop), in GD steps.
/// A candidate fits the points t_a ≤ t < t_a + ℓ that exist on the curve; ``LyapunovFitter`` keeps the
/// first candidate of highest R² in that order. A non-positive step, or a minimum above its maximum,
/// leaves no candidates.
public struct GridWindowSearch: Hashable, Sendable, Codable {
    /// The first start step tried, in GD steps.
    public var startMin = 0
    /// The last start step tried (inclusive if reached by the step), in GD steps.
    public var startMax = 100
    /// The increment between start steps, in GD steps; must be positive.
    public var startStep = 5
    /// The first window length tried, in GD steps.
    public var lengthMin = 30
    /// The last window length tried (inclusive if reached by the step), in GD steps.
    public var lengthMax = 100
    /// The increment between window lengths, in GD steps; must be positive.
    public var lengthStep = 5

    /// Creates a grid search; the defaults are the source study's (t_a ∈ {0, 5, …, 100}, ℓ ∈ {30, 35, …, 100}).
    ///
    /// - Parameters:
    ///   - startMin: The first start step.
    ///   - startMax: The last start step.
    ///   - startStep: The increment between starts (positive).
    ///   - lengthMin: The first window length.
    ///   - lengthMax: The last window length.
    ///   - lengthStep: The increment between lengths (positive).
    public init(startMin: Int = 0, startMax: Int = 100, startStep: Int = 5,
                lengthMin: Int = 30, lengthMax: Int = 100, lengthStep: Int = 5) {
        self.startMin = startMin
        self.startMax = startMax
        self.startStep = startStep
        self.lengthMin = lengthMin
        self.lengthMax = lengthMax
        self.lengthStep = lengthStep
    }
}
