import Testing

@testable import Analysis

@Suite("Bootstrap and bounded draws")
struct BootstrapTests {
    @Test("a rejected draw consumes one more word (Lemire): bound 3 rejects 0, then UInt64.max gives 2")
    func rejection() {
        var generator = ReplayGenerator(words: [0, .max, 12345])
        #expect(Bootstrap.index(below: 3, using: &generator) == 2)
        #expect(generator.words == [12345])
    }

    @Test("draws match an independent reference implementation (SplitMix64 + Lemire, seed 2024)")
    func referenceDraws() {
        var generator = SplitMix64(seed: 2024)
        #expect((0..<8).map { _ in Bootstrap.index(below: 10, using: &generator) } == [6, 0, 2, 1, 8, 5, 1, 5])
    }

    @Test("draws stay in range and are roughly uniform")
    func uniform() {
        var generator = SplitMix64(seed: 9)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[Bootstrap.index(below: 3, using: &generator)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        #expect((0..<100).allSatisfy { _ in Bootstrap.index(below: 1, using: &generator) == 0 })
    }

    @Test("the interval matches an independent reference implementation, bit for bit")
    func referenceInterval() throws {
        // Computed in Python with the same SplitMix64, Lemire draws, summation order and type-7 quantiles.
        var generator = SplitMix64(seed: 42)
        let values = [0.31, 0.12, 0.57, 0.44, 0.29, 0.9, 0.05, 0.66]
        let interval = try #require(Bootstrap.meanInterval(of: values, resamples: 200, using: &generator))
        #expect(interval.lower == 0x1.d4189374bc6a9p-3)
        #expect(interval.upper == 0x1.3189374bc6a80p-1)
    }

    @Test("no interval from fewer than 2 values or no resamples, and no draws consumed")
    func noInterval() {
        var generator = ReplayGenerator(words: [])
        #expect(Bootstrap.meanInterval(of: [1], resamples: 100, using: &generator) == nil)
        #expect(Bootstrap.meanInterval(of: [1, 2], resamples: 0, using: &generator) == nil)
    }
}
