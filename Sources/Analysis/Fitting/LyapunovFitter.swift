/// Fits the finite network Lyapunov exponent Λ of one (IC, ε) from its mean distance curve (docs/METHOD.md §3).
///
/// y(t) = ln⟨d⟩(t) is fitted by least squares, y = intercept + Λ·t with t in GD steps, on the window the
/// ``WindowRule`` chooses. A candidate window is *valid* when it holds at least 3 time steps of the curve
/// and every ⟨d⟩ in it is finite and positive (so every y is finite); invalid candidates are skipped,
/// never repaired.
///
/// Candidate windows are clipped to the curve: a window reaching past the last step of a shorter
/// (for example diverged) curve fits the steps that exist, and the ``FitWindow`` reported is the range of
/// steps actually fitted — `length = min(start + ℓ, count) − start` — so τ = ``FitWindow/end`` never lies
/// beyond the curve. Several clipped candidates may then cover the same steps; they have the same fit.
public enum LyapunovFitter {
    /// Fits Λ on the window the rule chooses.
    ///
    /// - `grid`: for each start (outer) and length (inner) in order, the first candidate of strictly
    ///   highest R² wins.
    /// - `anchored`: for each t_b in increasing order, the highest R² wins, ties going to the longer window.
    /// - `fixed(start, end)`: the one window start ≤ t ≤ end.
    ///
    /// - Parameters:
    ///   - meanDistance: ⟨d⟩(t) for t = 0..<count, in the ensemble's distance norm; a diverged curve
    ///     is simply shorter.
    ///   - rule: How the window is chosen.
    /// - Returns: Λ (per GD step), the intercept, R² and the window; nil if no candidate is valid.
    public static func fit(meanDistance: [Double], rule: WindowRule) -> LyapunovFit? {
        let curve = LogDistanceCurve(meanDistance: meanDistance)
        switch rule {
        case .grid(let search):
            return bestGridFit(curve, search)
        case .anchored(let search):
            return bestAnchoredFit(curve, search)
        case .fixed(let start, let end):
            return curve.fit(steps: clippedSteps(from: start, through: end, count: curve.count))
        }
    }

    private static func bestGridFit(_ curve: LogDistanceCurve, _ search: GridWindowSearch) -> LyapunovFit? {
        var best: LyapunovFit?
        for start in progression(from: search.startMin, through: search.startMax, by: search.startStep) {
            guard start < curve.count else { break }
            for length in progression(from: search.lengthMin, through: search.lengthMax, by: search.lengthStep) {
                let steps = clippedSteps(from: start, length: length, count: curve.count)
                if let fit = curve.fit(steps: steps), fit.rSquared > best?.rSquared ?? -.infinity {
                    best = fit
                }
                // Longer candidates clip to the same steps and cannot beat an equal R².
                if steps.upperBound == curve.count { break }
            }
        }
        return best
    }

    private static func bestAnchoredFit(_ curve: LogDistanceCurve, _ search: AnchoredWindowSearch) -> LyapunovFit? {
        var best: LyapunovFit?
        for last in progression(from: search.endMin, through: search.endMax, by: search.endStep) {
            let steps = clippedSteps(from: 0, through: last, count: curve.count)
            if let fit = curve.fit(steps: steps), fit.rSquared >= best?.rSquared ?? -.infinity {
                best = fit
            }
            // Later candidates clip to the same steps and would only replace the fit by itself.
            if steps.upperBound == curve.count { break }
        }
        return best
    }

    /// first, first + step, … up to last: empty if step ≤ 0 or first > last, and stopping before it would overflow.
    private static func progression(from first: Int, through last: Int, by step: Int) -> some Sequence<Int> {
        sequence(state: step > 0 && first <= last ? first : nil) { (current: inout Int?) -> Int? in
            guard let value = current else { return nil }
            let (next, overflow) = value.addingReportingOverflow(step)
            current = overflow || next > last ? nil : next
            return value
        }
    }

    /// The existing steps of the half-open window start ≤ t < start + length, without integer overflow.
    private static func clippedSteps(from start: Int, length: Int, count: Int) -> Range<Int> {
        let (sum, overflow) = start.addingReportingOverflow(length)
        return clip(start, overflow ? (length > 0 ? Int.max : Int.min) : sum, count: count)
    }

    /// The existing steps of the closed window start ≤ t ≤ last, without integer overflow.
    private static func clippedSteps(from start: Int, through last: Int, count: Int) -> Range<Int> {
        clip(start, last == Int.max ? Int.max : last + 1, count: count)
    }

    /// The steps lower ≤ t < upper that lie in 0..<count (possibly empty).
    private static func clip(_ lower: Int, _ upper: Int, count: Int) -> Range<Int> {
        let from = min(max(lower, 0), count)
        return from..<max(from, min(upper, count))
    }
}
