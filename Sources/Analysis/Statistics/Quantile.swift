/// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, R's default).
public enum Quantile {
    /// The type-7 quantile at probability p of ascending values.
    ///
    /// With n values x₀ ≤ … ≤ x₍ₙ₋₁₎ and h = (n − 1)·p, the result is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋):
    /// p = 0 gives the minimum, p = 1 the maximum, p = 0.5 the median.
    ///
    /// - Parameters:
    ///   - sorted: The values, in ascending order.
    ///   - p: The probability, in [0, 1].
    /// - Returns: The quantile, in the units of the values.
    /// - Precondition: `sorted` is not empty and `0 ≤ p ≤ 1`.
    public static func type7(of sorted: [Double], at p: Double) -> Double {
        precondition(!sorted.isEmpty, "a quantile needs at least one value")
        precondition(p >= 0 && p <= 1, "the probability must lie in [0, 1]")
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        guard below < sorted.count - 1 else { return sorted[sorted.count - 1] }
        return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
    }
}
