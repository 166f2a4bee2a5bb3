import Testing

@testable import Dynamics

@Suite("Kernel variants: chosen from the CPU, refused when it lacks them, the same bits on all")
struct KernelVariantTests {
    /// The digest of one default-shaped task (Iris [4, 10, 3], 13 ε × 5 members, T = 100; with mini-batches,
    /// five steps of the reference alone first) on `variant`.
    func taskDigest(_ variant: KernelVariant, activation: Activation, batchSize: Int?, distance: DistanceNorm) throws -> ResultDigest {
        let data = try BundledDataset.iris.load()
        let train = DataSplit(dataset: data, trainCount: 120, testCount: 30, seed: 3, standardize: true).train
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: activation)
        let epsilons = (0..<13).map { 1e-14 * pow10($0) }
        let spec = EnsembleSpec(epsilons: epsilons, members: 5, steps: 100, perturbAt: batchSize == nil ? 0 : 5,
                                distance: distance, batchSize: batchSize)
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec, variant: variant)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 11, icIndex: 2)
        var digest = ResultDigest()
        digest.add(kernel.run(initial: initial, learningRate: 1, sweepSeed: 11, icIndex: 2))
        return digest
    }

    func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { value, _ in value * 10 } }

    @Test("one task gives the same digest on every variant this CPU supports",
          arguments: [(Activation.sigmoid, Int?.none, DistanceNorm.l1), (.tanh, 16, .l2)])
    func sameBits(activation: Activation, batchSize: Int?, distance: DistanceNorm) throws {
        let variants = KernelVariant.supported(by: .current)
        #if arch(x86_64)
        #expect(variants.count >= 2, "an x86-64 CPU that runs this suite has AVX2 + FMA: \(variants)")
        #endif
        let digests = try variants.map { try taskDigest($0, activation: activation, batchSize: batchSize, distance: distance) }
        #expect(Set(digests.map(\.hex)).count == 1, "\(zip(variants, digests.map(\.hex)).map { "\($0.0): \($0.1)" })")
    }

    @Test("without LYAPSWEEP_KERNEL the fastest variant the features allow is chosen")
    func automaticChoice() throws {
        #expect(try KernelVariant.choose(requested: nil, features: []) == .portable)
        #expect(try KernelVariant.choose(requested: "", features: [.avx2]) == .portable)
        #if arch(x86_64)
        #expect(try KernelVariant.choose(requested: nil, features: .haswell) == .avx2)
        #expect(try KernelVariant.choose(requested: nil, features: .skylakeAVX512) == .avx512)
        #expect(try KernelVariant.choose(requested: "avx2", features: .skylakeAVX512) == .avx2)
        #endif
        #expect(try KernelVariant.choose(requested: "portable", features: .skylakeAVX512) == .portable)
    }

    @Test("a forced variant the CPU lacks is refused, saying what is missing and what is allowed")
    func refusal() {
        #if arch(x86_64)
        #expect(throws: KernelVariantError.unsupported(
            .avx512, missing: [.avx512f, .avx512cd, .avx512bw, .avx512dq, .avx512vl], allowed: [.avx2, .portable])) {
            try KernelVariant.choose(requested: "avx512", features: .haswell)
        }
        let error = KernelVariantError.unsupported(.avx2, missing: [.avx2, .fma], allowed: [.portable])
        #expect(error.description == "LYAPSWEEP_KERNEL=avx2: this CPU lacks avx2, fma, which the avx2 variant needs "
            + "(it would stop on an illegal instruction); allowed on this CPU: portable")
        #expect(throws: error) {
            try KernelVariant.choose(requested: "avx2", features: CPUFeatures.haswell.subtracting([.avx2, .fma]))
        }
        #endif
        #expect(throws: KernelVariantError.unknown("sse9", allowed: [.portable])) {
            try KernelVariant.choose(requested: "sse9", features: [])
        }
        #expect(KernelVariantError.unknown("sse9", allowed: [.portable]).description
            == "LYAPSWEEP_KERNEL=sse9: no such kernel variant; allowed on this CPU: portable")
    }
}
