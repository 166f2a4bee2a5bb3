import RandomStreams

/// The nonparametric bootstrap of a sample mean, with a draw that does not depend on the standard library's algorithms.
///
/// Every random integer comes from `nextIndex(below:)` (module RandomStreams) applied to the caller's generator,
/// so for a given generator state the interval is the same on every platform and Swift version.
public enum Bootstrap {
    /// The percentile bootstrap interval of the mean of `values`.
    ///
    /// Draws `resamples` resamples of `values.count` values with replacement (indices from
    /// `nextIndex(below:)`, the resample mean summed in draw order), sorts the resample means and
    /// takes their type-7 quantiles (``Quantile/type7(of:at:)``) at (1 − confidence)/2 and (1 + confidence)/2.
    ///
    /// - Parameters:
    ///   - values: The sample, in a fixed order (the order changes which values each draw picks).
    ///   - resamples: The number of bootstrap resamples.
    ///   - confidence: The coverage of the interval, in (0, 1); 0.95 by default.
    ///   - generator: The source of random bits; it is advanced.
    /// - Returns: The interval, in the units of the values; nil if there are fewer than 2 values or no resamples.
    /// - Precondition: `0 < confidence < 1`.
    public static func meanInterval(of values: [Double], resamples: Int, confidence: Double = 0.95,
                                    using generator: inout some RandomNumberGenerator) -> (lower: Double, upper: Double)? {
        precondition(confidence > 0 && confidence < 1, "the confidence must lie in (0, 1)")
        guard values.count >= 2, resamples > 0 else { return nil }
        let size = Double(values.count)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<values.count {
                sum += values[generator.nextIndex(below: values.count)]
            }
            means.append(sum / size)
        }
        means.sort()
        return (Quantile.type7(of: means, at: (1 - confidence) / 2), Quantile.type7(of: means, at: (1 + confidence) / 2))
    }
}
