import RandomStreams

/// The autocorrelation function of a scalar series and the band its shuffled surrogates span.
public enum Autocorrelation {
    /// The sample autocorrelation at lags 0 … L of a series x_0 … x_{N−1},
    ///
    ///     r(ℓ) = Σ_{t=0}^{N−1−ℓ} (x_t − x̄)(x_{t+ℓ} − x̄) / Σ_{t=0}^{N−1} (x_t − x̄)²,
    ///
    /// so r(0) = 1 and |r(ℓ)| ≤ 1. Lags stop at min(L, N − 1); empty for a series with fewer than two
    /// points or zero variance.
    public static func function(of series: [Double], maxLag: Int) -> [Double] {
        precondition(maxLag >= 0, "the largest lag cannot be negative")
        guard series.count >= 2 else { return [] }
        let mean = series.reduce(0, +) / Double(series.count)
        let centred = series.map { $0 - mean }
        var variance = 0.0
        for value in centred { variance += value * value }
        guard variance > 0, variance.isFinite else { return [] }
        return (0...min(maxLag, series.count - 1)).map { lag in
            var sum = 0.0
            for t in 0..<(series.count - lag) { sum += centred[t] * centred[t + lag] }
            return sum / variance
        }
    }

    /// The half-width of the shuffled surrogates' 95% band at each lag 0 … L: the ⌈0.95 N⌉-th smallest
    /// of |r_s(ℓ)| over N shuffles of the series (seeded by ``StreamPurpose/surrogate`` with `streamPath` +
    /// [surrogate index]). An autocorrelation outside ±band(ℓ) is significant at about the 5% level.
    ///
    /// - Returns: One half-width per lag of ``function(of:maxLag:)`` (empty when that is, or N = 0).
    public static func surrogateBand(of series: [Double], maxLag: Int, surrogates: Int, streamPath: [UInt64]) -> [Double] {
        precondition(surrogates >= 0, "the surrogate count cannot be negative")
        let lags = function(of: series, maxLag: maxLag).count
        guard lags > 0, surrogates > 0 else { return [] }
        var magnitudes = [[Double]](repeating: [], count: lags)
        for index in 0..<surrogates {
            let shuffled = SurrogateShuffle.surrogate(of: series, streamPath: streamPath, index: index)
            for (lag, value) in function(of: shuffled, maxLag: maxLag).enumerated() { magnitudes[lag].append(abs(value)) }
        }
        let rank = Int((0.95 * Double(surrogates)).rounded(.up)) - 1
        return magnitudes.map { $0.sorted()[rank] }
    }
}
