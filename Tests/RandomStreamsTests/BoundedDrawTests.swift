import RandomStreams
import TestSupport
import Testing

@Suite("Bounded draws (Lemire)")
struct BoundedDrawTests {
    @Test("a rejected draw consumes one more word (Lemire): bound 3 rejects 0, then UInt64.max gives 2")
    func rejection() {
        var generator = ReplayGenerator(words: [0, .max, 12345])
        #expect(generator.nextIndex(below: 3) == 2)
        #expect(generator.words == [12345])
    }

    @Test("draws match an independent reference implementation (SplitMix64 + Lemire, seed 2024)")
    func referenceDraws() {
        var generator = SplitMix64(seed: 2024)
        #expect((0..<8).map { _ in generator.nextIndex(below: 10) } == [6, 0, 2, 1, 8, 5, 1, 5])
    }

    @Test("draws stay in range and are roughly uniform")
    func uniform() {
        var generator = SplitMix64(seed: 9)
        var counts = [0, 0, 0]
        for _ in 0..<30_000 { counts[generator.nextIndex(below: 3)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        #expect((0..<100).allSatisfy { _ in generator.nextIndex(below: 1) == 0 })
    }
}
