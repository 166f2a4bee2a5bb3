import Foundation
import RandomStreams
import Testing

@testable import Analysis

@Suite("λ_nMLE aggregation")
struct LambdaAccumulatorTests {
    static func fit(_ lambda: Double, end: Int = 50) -> LyapunovFit {
        LyapunovFit(lambda: lambda, intercept: -25, rSquared: 0.99, window: FitWindow(start: end - 40, length: 40))
    }

    static func estimate(_ accumulator: LambdaAccumulator, resamples: Int = 500, seed: UInt64 = 7) -> LambdaEstimate {
        var generator = SplitMix64(seed: seed)
        return accumulator.estimate(bootstrapResamples: resamples, histogramBins: 10, using: &generator)
    }

    /// Kept Λ 0.25, 0.5, 0.75, 1.5 (exact in binary) plus one IC of every drop reason; the diverged one has
    /// a large Λ that must not leak into the mean.
    static func handSet() -> LambdaAccumulator {
        var accumulator = LambdaAccumulator()
        accumulator.add(icIndex: 0, verdict: .kept, fit: fit(0.25, end: 40))
        accumulator.add(icIndex: 1, verdict: .poorFit, fit: fit(0.3))
        accumulator.add(icIndex: 2, verdict: .kept, fit: fit(0.5, end: 50))
        accumulator.add(icIndex: 3, verdict: .diverged, fit: fit(100))
        accumulator.add(icIndex: 4, verdict: .kept, fit: fit(0.75, end: 60))
        accumulator.add(icIndex: 5, verdict: .belowMinLambda, fit: fit(0.01))
        accumulator.add(icIndex: 6, verdict: .kept, fit: fit(1.5, end: 90))
        accumulator.add(icIndex: 7, verdict: .noWindow, fit: nil)
        return accumulator
    }

    @Test("mean, population std, standard error and median τ by hand")
    func handComputed() throws {
        // Mean 3/4; deviations −1/2, −1/4, 0, 3/4; Σ squares = 7/8.
        let estimate = Self.estimate(Self.handSet())
        #expect(estimate.total == 8 && estimate.kept == 4 && estimate.keptFraction == 0.5)
        #expect(estimate.dropped == DropCounts(poorFit: 1, belowMinLambda: 1, diverged: 1, noWindow: 1))
        #expect(estimate.kept + estimate.dropped.total == estimate.total)
        #expect(estimate.mean == 0.75)
        #expect(estimate.standardDeviation == (0.875 / 4).squareRoot())
        let standardError = try #require(estimate.standardError)
        #expect(abs(standardError - (0.875 / 3).squareRoot() / 2) < 1e-16)
        #expect(estimate.medianTau == 55)
        #expect(estimate.histogram.counts.reduce(0, +) == 4)
        #expect(estimate.histogram.edges.first == 0.25 && estimate.histogram.edges.last == 1.5)
    }

    @Test("adding in any order gives a bit-identical estimate")
    func orderIndependence() {
        var generator = SplitMix64(seed: 99)
        let verdicts = FitVerdict.allCases
        let entries = (0..<60).map { index -> (Int, FitVerdict, LyapunovFit?) in
            let verdict = index % 3 == 0 ? verdicts[generator.nextIndex(below: verdicts.count)] : .kept
            let fit = verdict == .noWindow ? nil : Self.fit(0.2 + generator.nextSymmetric(halfWidth: 0.15), end: 40 + index % 17)
            return (index, verdict, fit)
        }
        var forward = LambdaAccumulator()
        for (index, verdict, fit) in entries { forward.add(icIndex: index, verdict: verdict, fit: fit) }
        var shuffled = LambdaAccumulator()
        for (index, verdict, fit) in entries.shuffled(using: &generator) { shuffled.add(icIndex: index, verdict: verdict, fit: fit) }
        for (index, verdict, fit) in entries.reversed() { shuffled.add(icIndex: index, verdict: verdict, fit: fit) }

        #expect(forward == shuffled)
        let a = Self.estimate(forward)
        let b = Self.estimate(shuffled)
        #expect(a == b)
        #expect(a.mean?.bitPattern == b.mean?.bitPattern && a.confidenceLower?.bitPattern == b.confidenceLower?.bitPattern)
        #expect(a.total == 60)
    }

    @Test("adding an IC index again replaces its entry")
    func duplicateReplaces() {
        var accumulator = LambdaAccumulator()
        accumulator.add(icIndex: 3, verdict: .kept, fit: Self.fit(0.5))
        accumulator.add(icIndex: 3, verdict: .poorFit, fit: Self.fit(0.5))
        #expect(accumulator.count == 1)
        var expected = LambdaAccumulator()
        expected.add(icIndex: 3, verdict: .poorFit, fit: Self.fit(0.5))
        #expect(Self.estimate(accumulator) == Self.estimate(expected))
        #expect(Self.estimate(accumulator).kept == 0 && Self.estimate(accumulator).dropped.poorFit == 1)
    }

    @Test("a kept verdict without a fit counts as no window")
    func keptWithoutFit() {
        var accumulator = LambdaAccumulator()
        accumulator.add(icIndex: 0, verdict: .kept, fit: nil)
        let estimate = Self.estimate(accumulator)
        #expect(estimate.kept == 0 && estimate.dropped.noWindow == 1)
    }

    @Test("the bootstrap interval contains the mean and is fixed by the generator's seed")
    func bootstrap() throws {
        var accumulator = LambdaAccumulator()
        var generator = SplitMix64(seed: 5)
        for index in 0..<40 { accumulator.add(icIndex: index, verdict: .kept, fit: Self.fit(0.3 + generator.nextSymmetric(halfWidth: 0.1))) }
        let estimate = Self.estimate(accumulator, seed: 11)
        let mean = try #require(estimate.mean)
        let lower = try #require(estimate.confidenceLower)
        let upper = try #require(estimate.confidenceUpper)
        #expect(lower < mean && mean < upper)
        // The 95% interval of a mean spans about ±1.96 standard errors.
        let standardError = try #require(estimate.standardError)
        #expect(abs((upper - lower) / (2 * 1.96 * standardError) - 1) < 0.2)
        #expect(Self.estimate(accumulator, seed: 11) == estimate)
        #expect(Self.estimate(accumulator, seed: 12).confidenceLower != lower)
    }

    @Test("the interval follows IC index order and matches the reference implementation")
    func bootstrapReference() {
        // Same values and seed as BootstrapTests.referenceInterval, added out of order.
        let values = [0.31, 0.12, 0.57, 0.44, 0.29, 0.9, 0.05, 0.66]
        var accumulator = LambdaAccumulator()
        for index in [5, 2, 7, 0, 1, 6, 3, 4] { accumulator.add(icIndex: index, verdict: .kept, fit: Self.fit(values[index])) }
        var generator = SplitMix64(seed: 42)
        let estimate = accumulator.estimate(bootstrapResamples: 200, histogramBins: 4, using: &generator)
        #expect(estimate.confidenceLower == 0x1.d4189374bc6a9p-3)
        #expect(estimate.confidenceUpper == 0x1.3189374bc6a80p-1)
    }

    @Test("few kept ICs: statistics that need more are nil")
    func fewKept() {
        let empty = Self.estimate(LambdaAccumulator())
        #expect(empty == LambdaEstimate(total: 0, kept: 0, dropped: DropCounts(), mean: nil, standardDeviation: nil,
                                        standardError: nil, confidenceLower: nil, confidenceUpper: nil, medianTau: nil,
                                        histogram: Histogram(edges: [], counts: [])))
        #expect(empty.keptFraction == 0)

        var one = LambdaAccumulator()
        one.add(icIndex: 0, verdict: .kept, fit: Self.fit(0.4, end: 70))
        one.add(icIndex: 1, verdict: .diverged, fit: nil)
        let single = Self.estimate(one)
        #expect(single.mean == 0.4 && single.standardDeviation == 0 && single.standardError == nil)
        #expect(single.confidenceLower == nil && single.confidenceUpper == nil && single.medianTau == 70)
        #expect(single.histogram.counts == [1])
        #expect(Self.estimate(Self.handSet(), resamples: 0).confidenceLower == nil)
    }

    @Test("estimates and accumulators round-trip through JSON")
    func codable() throws {
        let accumulator = Self.handSet()
        let decoded = try JSONDecoder().decode(LambdaAccumulator.self, from: JSONEncoder().encode(accumulator))
        #expect(decoded == accumulator)
        let estimate = Self.estimate(accumulator)
        #expect(try JSONDecoder().decode(LambdaEstimate.self, from: JSONEncoder().encode(estimate)) == estimate)
    }
}
