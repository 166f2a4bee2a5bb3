/// A fit window over gradient-descent time steps: the points `start ≤ t < start + length`.
///
/// Times are GD step indices t = 0, 1, …, T. The window is half-open, so ``end`` (τ in docs/METHOD.md §3)
/// is the first step *after* the window: the step where the exponential phase is taken to end.
/// A window produced by ``LyapunovFitter`` always has `start ≥ 0` and `length ≥ 3`.
public struct FitWindow: Hashable, Sendable, Codable {
    /// The first time step of the window (t_a), in GD steps.
    public var start: Int
    /// The number of consecutive time steps in the window, in GD steps.
    public var length: Int

    /// τ = `start + length`: the first time step after the window, in GD steps.
    public var end: Int { start + length }

    /// Creates the window `start ≤ t < start + length`.
    ///
    /// - Parameters:
    ///   - start: The first time step (t_a).
    ///   - length: The number of time steps (ℓ).
    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }
}
