import RandomStreams
import TestSupport
import Testing

@testable import Analysis

@Suite("Bootstrap")
struct BootstrapTests {
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
