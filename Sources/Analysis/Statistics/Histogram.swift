/// A histogram with explicit bin edges: bin i counts the values in [edges[i], edges[i + 1]).
///
/// The last bin is closed, [edges[n − 1], edges[n]], so the maximum is counted. Invariant:
/// `edges.count == counts.count + 1` with edges strictly increasing, except for the empty histogram
/// (no values), whose edges and counts are both empty.
public struct Histogram: Hashable, Sendable, Codable {
    /// The bin boundaries, ascending, in the units of the values (Λ: per GD step).
    public var edges: [Double]
    /// The number of values in each bin.
    public var counts: [Int]

    /// Creates a histogram from its parts, for example when reading one back from storage.
    ///
    /// - Parameters:
    ///   - edges: The bin boundaries, ascending; one more than `counts`, or both empty.
    ///   - counts: The number of values in each bin.
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }

    /// Bins finite values into `bins` equal-width bins from their minimum to their maximum.
    ///
    /// Edge k is `min + (max − min)·k / bins`, the last one exactly `max`. A value is counted in the bin
    /// whose edges enclose it as stored, so counts and edges never disagree by a rounding.
    /// Degenerate cases: no values gives the empty histogram; if all values equal v, there is a single bin
    /// [v − h, v + h] with h = 1e-9 · max(|v|, 1), holding them all.
    ///
    /// - Parameters:
    ///   - values: The values to bin; they must be finite.
    ///   - bins: The number of bins; values below 1 are taken as 1.
    public init(binning values: [Double], bins: Int) {
        guard let low = values.min(), let high = values.max() else {
            self.init(edges: [], counts: [])
            return
        }
        guard low < high else {
            let halfWidth = 1e-9 * max(abs(low), 1)
            self.init(edges: [low - halfWidth, low + halfWidth], counts: [values.count])
            return
        }
        let binCount = max(bins, 1)
        let width = high - low
        var edges = (0..<binCount).map { low + width * Double($0) / Double(binCount) }
        edges.append(high)
        var counts = [Int](repeating: 0, count: binCount)
        for value in values {
            let estimate = (value - low) / width * Double(binCount)
            var bin = estimate.isFinite ? Int(min(max(estimate, 0), Double(binCount - 1))) : 0
            while bin > 0 && value < edges[bin] { bin -= 1 }
            while bin < binCount - 1 && value >= edges[bin + 1] { bin += 1 }
            counts[bin] += 1
        }
        self.init(edges: edges, counts: counts)
    }
}
