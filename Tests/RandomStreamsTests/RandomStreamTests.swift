import Testing

@testable import RandomStreams

@Suite("Seeded streams")
struct RandomStreamTests {
    @Test("a stream depends only on its purpose and path")
    func identity() {
        var a = RandomStream(.perturbation, [1, 2, 3, 4])
        var b = RandomStream(.perturbation, [1, 2, 3, 4])
        var c = RandomStream(.perturbation, [1, 2, 3, 5])
        var d = RandomStream(.initialCondition, [1, 2, 3, 4])
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(first != (0..<8).map { _ in d.next() })
    }

    @Test("a stream's words are pinned (an independent SplitMix64 transcription, purpose 3, path 1, 2, 3, 4)")
    func pinnedWords() {
        var stream = RandomStream(.perturbation, [1, 2, 3, 4])
        #expect((0..<3).map { _ in stream.next() } == [0x7567_9869_1D9E_ADF3, 0xC3CC_3278_2F06_A5E7, 0x3773_83ED_5DC2_2295])
    }

    @Test("uniform, symmetric and bounded draws stay in range")
    func ranges() {
        var stream = RandomStream(.bootstrap, [9])
        for _ in 0..<10_000 {
            let u = stream.nextUnit()
            #expect(u >= 0 && u < 1)
            let s = stream.nextSymmetric(halfWidth: 1e-14)
            #expect(s >= -1e-14 && s < 1e-14)
            #expect((0..<7).contains(stream.nextIndex(below: 7)))
        }
        #expect(stream.permutation(count: 50).sorted() == Array(0..<50))
    }
}
