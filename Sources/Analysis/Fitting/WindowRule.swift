/// How the fit window of ln⟨d⟩(t) is chosen (docs/METHOD.md §3).
///
/// The rule visibly changes λ_nMLE, so it is recorded with every result; stored curves can be
/// re-fitted under another rule afterwards with ``LyapunovFitter/fit(meanDistance:rule:)``.
public enum WindowRule: Hashable, Sendable, Codable {
    /// Search a grid of (start, length) windows; the first of highest R² wins (the default, as in the source study).
    case grid(GridWindowSearch)
    /// Search windows 0 ≤ t ≤ t_b; the highest R² wins, ties going to the longer window.
    case anchored(AnchoredWindowSearch)
    /// Use the single window `start ≤ t ≤ end` (both inclusive, so its length is end − start + 1), in GD steps.
    case fixed(start: Int, end: Int)
}
