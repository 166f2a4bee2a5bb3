import Testing
@testable import Worker

@Suite("Latency summary")
struct LatencySummaryTests {
    @Test("count, mean, maximum over all samples; quantiles by nearest rank")
    func summary() {
        var summary = LatencySummary()
        #expect(summary.meanSeconds == nil)
        #expect(summary.medianSeconds == nil)
        #expect(summary.summary == "n=0")
        for value in [0.004, 0.001, 0.003, 0.002, 0.005] { summary.record(value) }
        #expect(summary.count == 5)
        #expect(abs(summary.meanSeconds! - 0.003) < 1e-15)
        #expect(summary.maximumSeconds == 0.005)
        #expect(summary.medianSeconds == 0.003)
        #expect(summary.quantile(0) == 0.001)
        #expect(summary.quantile(1) == 0.005)
        #expect(summary.summary == "n=5 mean=3000 p50=3000 p99=5000 max=5000 µs")
    }

    @Test("quantiles come from the latest samples only, totals from all")
    func recentWindow() {
        var summary = LatencySummary()
        for _ in 0..<LatencySummary.recentCapacity { summary.record(1) }
        for _ in 0..<LatencySummary.recentCapacity { summary.record(0.5) }
        #expect(summary.count == 2 * LatencySummary.recentCapacity)
        #expect(summary.maximumSeconds == 1)
        #expect(summary.quantile(1) == 0.5)
        #expect(summary.meanSeconds == 0.75)
    }
}
