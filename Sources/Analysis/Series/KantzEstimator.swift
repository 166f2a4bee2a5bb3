import Foundation
import RandomStreams

/// Kantz's finite-time Lyapunov exponent of a scalar series s_0 … s_{N−1} (Kantz 1994), with a
/// shuffled-surrogate significance test.
///
/// The series is delay-embedded, x_n = (s_n, s_{n−τ}, …, s_{n−(m−1)τ}), for the reference points
/// n = (m−1)τ … N−1−K. The neighbours U_n of x_n are the other reference points within radius r in the
/// maximum norm, r = `radius` × (population std of the series), excluding those closer in time than the
/// Theiler window (|n − n′| ≤ w). Then
///
///     S(k) = ⟨ ln( (1/|U_n|) Σ_{n′ ∈ U_n} |s_{n+k} − s_{n′+k}| ) ⟩_n,   k = 0 … K,
///
/// averaged over the reference points that have neighbours (and whose mean distance is non-zero at every
/// k). In the linear range S(k) ≈ S(0) + λ k; the exponent is the least-squares slope of S over
/// k = 0 … K (per step of the series).
public struct KantzEstimator: Sendable {
    /// Embedding dimension m (≥ 1).
    public var embedding: Int
    /// Delay τ in steps (≥ 1).
    public var delay: Int
    /// Neighbourhood radius as a fraction of the series' population standard deviation (> 0).
    public var radius: Double
    /// The largest look-ahead K (≥ 1).
    public var steps: Int
    /// Pairs with |n − n′| ≤ w are not neighbours (0 excludes only the point itself).
    public var theilerWindow: Int

    /// Creates an estimator.
    ///
    /// - Precondition: `embedding ≥ 1`, `delay ≥ 1`, `radius > 0`, `steps ≥ 1`, `theilerWindow ≥ 0`.
    public init(embedding: Int, delay: Int, radius: Double, steps: Int, theilerWindow: Int = 0) {
        precondition(embedding >= 1 && delay >= 1 && radius > 0 && steps >= 1 && theilerWindow >= 0,
                     "need embedding ≥ 1, delay ≥ 1, radius > 0, steps ≥ 1, theilerWindow ≥ 0")
        self.embedding = embedding
        self.delay = delay
        self.radius = radius
        self.steps = steps
        self.theilerWindow = theilerWindow
    }

    /// S(0) … S(K), or nil when no reference point has a neighbour (series too short, constant, or
    /// without recurrences at this radius).
    public func divergence(of series: [Double]) -> [Double]? {
        let span = (embedding - 1) * delay
        let first = span, last = series.count - 1 - steps
        guard last > first else { return nil }
        let r = radius * Self.standardDeviation(series)
        guard r > 0, r.isFinite else { return nil }

        // Sorting the reference points by s_n confines the neighbour search to a strip |s_n − s_n′| ≤ r.
        let order = (first...last).sorted { (series[$0], $0) < (series[$1], $1) }
        let sortedValues = order.map { series[$0] }
        var sums = [Double](repeating: 0, count: steps + 1)
        var means = [Double](repeating: 0, count: steps + 1)
        var used = 0
        for n in first...last {
            let value = series[n]
            var position = Self.lowerBound(sortedValues, value - r)
            var neighbours = 0
            for k in 0...steps { means[k] = 0 }
            while position < order.count, sortedValues[position] <= value + r {
                let candidate = order[position]
                position += 1
                guard abs(candidate - n) > theilerWindow, isNeighbour(series, n, candidate, within: r) else { continue }
                neighbours += 1
                for k in 0...steps { means[k] += abs(series[n + k] - series[candidate + k]) }
            }
            guard neighbours > 0, means.allSatisfy({ $0 > 0 }) else { continue }
            used += 1
            for k in 0...steps { sums[k] += Foundation.log(means[k] / Double(neighbours)) }
        }
        guard used > 0 else { return nil }
        return sums.map { $0 / Double(used) }
    }

    /// The exponent of a series, the least-squares slope of S(k) over k = 0 … K; nil when S is.
    public func exponent(of series: [Double]) -> Double? {
        divergence(of: series).map(Self.slope)
    }

    /// S(k), its slope and the shuffled-surrogate p-value of a series.
    ///
    /// Each of `surrogates` shuffles of the series (seeded by ``StreamPurpose/surrogate`` with
    /// `streamPath` + [surrogate index]) gives an exponent λ_s; the null hypothesis "no temporal
    /// structure" is rejected for small
    ///
    ///     p = (1 + #{s : λ_s ≥ λ}) / (N + 1),
    ///
    /// where a surrogate without neighbours counts as λ_s ≥ λ (it cannot support a rejection).
    ///
    /// - Returns: nil when the series itself has no exponent (see ``divergence(of:)``).
    public func test(_ series: [Double], surrogates: Int, streamPath: [UInt64]) -> KantzResult? {
        precondition(surrogates >= 0, "the surrogate count cannot be negative")
        guard let divergence = divergence(of: series) else { return nil }
        let exponent = Self.slope(divergence)
        var atLeast = 0
        for index in 0..<surrogates {
            let shuffled = SurrogateShuffle.surrogate(of: series, streamPath: streamPath, index: index)
            if let surrogateExponent = self.exponent(of: shuffled), surrogateExponent < exponent { continue }
            atLeast += 1
        }
        return KantzResult(divergence: divergence, exponent: exponent,
                           pValue: Double(1 + atLeast) / Double(surrogates + 1))
    }

    /// Whether x_candidate lies within r of x_n in the maximum norm over the m delay coordinates.
    private func isNeighbour(_ series: [Double], _ n: Int, _ candidate: Int, within r: Double) -> Bool {
        for component in 0..<embedding where abs(series[n - component * delay] - series[candidate - component * delay]) > r {
            return false
        }
        return true
    }

    /// Least-squares slope of y over x = 0, 1, …: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².
    static func slope(_ values: [Double]) -> Double {
        let count = Double(values.count)
        let meanX = (count - 1) / 2
        let meanY = values.reduce(0, +) / count
        var numerator = 0.0, denominator = 0.0
        for (x, y) in values.enumerated() {
            numerator += (Double(x) - meanX) * (y - meanY)
            denominator += (Double(x) - meanX) * (Double(x) - meanX)
        }
        return numerator / denominator
    }

    /// Population standard deviation.
    static func standardDeviation(_ series: [Double]) -> Double {
        let mean = series.reduce(0, +) / Double(series.count)
        var squares = 0.0
        for value in series { squares += (value - mean) * (value - mean) }
        return (squares / Double(series.count)).squareRoot()
    }

    /// The first index of the sorted `values` whose value is ≥ `target`.
    private static func lowerBound(_ values: [Double], _ target: Double) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
