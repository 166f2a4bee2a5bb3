import RandomStreams
import Testing

@testable import Analysis

@Suite("Histograms and quantiles")
struct HistogramTests {
    @Test("equal bins from min to max, the max in the last bin")
    func equalBins() {
        let histogram = Histogram(binning: [0, 1, 2, 3, 4], bins: 4)
        #expect(histogram.edges == [0, 1, 2, 3, 4])
        #expect(histogram.counts == [1, 1, 1, 2])
    }

    @Test("every value lies within its bin's edges and counts sum to the values", arguments: [1, 3, 7, 20])
    func consistent(bins: Int) {
        var generator = SplitMix64(seed: UInt64(bins))
        let values = (0..<500).map { _ in 0.3 + generator.nextSymmetric(halfWidth: 0.2) } + [0.1, 0.5]
        let histogram = Histogram(binning: values, bins: bins)
        #expect(histogram.edges.count == bins + 1 && histogram.counts.count == bins)
        #expect(histogram.counts.reduce(0, +) == values.count)
        #expect(zip(histogram.edges, histogram.edges.dropFirst()).allSatisfy { $0 < $1 })
        for bin in 0..<bins {
            let inside = values.filter { value in
                value >= histogram.edges[bin]
                    && (value < histogram.edges[bin + 1] || (bin == bins - 1 && value == histogram.edges[bin + 1]))
            }
            #expect(inside.count == histogram.counts[bin])
        }
    }

    @Test("degenerate cases: no values, equal values, fewer than one bin")
    func degenerate() {
        #expect(Histogram(binning: [], bins: 10) == Histogram(edges: [], counts: []))
        #expect(Histogram(binning: [2, 2, 2], bins: 10) == Histogram(edges: [2 - 2e-9, 2 + 2e-9], counts: [3]))
        #expect(Histogram(binning: [0], bins: 10) == Histogram(edges: [-1e-9, 1e-9], counts: [1]))
        #expect(Histogram(binning: [1, 2], bins: 0) == Histogram(edges: [1, 2], counts: [2]))
    }

    @Test("type-7 quantiles match R's quantile()")
    func quantiles() {
        let sorted = [1.0, 2, 3, 4]
        #expect(Quantile.type7(of: sorted, at: 0) == 1)
        #expect(Quantile.type7(of: sorted, at: 0.25) == 1.75)
        #expect(Quantile.type7(of: sorted, at: 0.5) == 2.5)
        #expect(Quantile.type7(of: sorted, at: 1) == 4)
        #expect(Quantile.type7(of: [7], at: 0.3) == 7)
    }
}
