import Analysis
import RandomStreams
import TestSupport
import Testing

@testable import Dynamics

@Suite("Lockstep kernel: statistics of a chaotic sweep")
struct EnsembleKernelStatisticsTests {
    /// λ_nMLE(ε) of `ics` initial conditions run through `run`, with the default grid window and filter.
    func lambdas(ics: Int, epsilons: [Double], run: (Int) -> EnsembleResult) -> [LambdaEstimate] {
        var cells = epsilons.map { _ in LambdaAccumulator() }
        for ic in 0..<ics {
            for (index, curve) in run(ic).curves.enumerated() {
                let fit = curve.diverged ? nil : LyapunovFitter.fit(meanDistance: curve.meanDistance, rule: .grid(GridWindowSearch(startMax: 40, lengthMax: 80)))
                cells[index].add(icIndex: ic, verdict: FitFilter().verdict(for: fit, diverged: curve.diverged), fit: fit)
            }
        }
        var stream = RandomStream(.bootstrap, [0])
        return cells.map { $0.estimate(bootstrapResamples: 0, histogramBins: 10, using: &stream) }
    }

    /// 50 ICs of raw Iris at η = 1, M = 3, at two ε, T = 120 with the grid shrunk to match (starts 0…40,
    /// lengths 30…80): the exponential phase of raw Iris at η = 1 lies well inside it, and the debug-built
    /// oracle stays near two minutes (T = 200, M = 5, three ε took ten).
    @Test("over 50 ICs at η = 1, λ_nMLE(ε) of kernel and oracle agree within 3 combined standard errors")
    func lambdaAgrees() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let train = try irisTrainingSplit()
        let spec = EnsembleSpec(epsilons: [1e-10, 1e-5], members: 3, steps: 120)
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec)
        let oracle = EnsembleRunner(architecture: architecture, train: train, spec: spec)
        func initial(_ ic: Int) -> [Double] {
            InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 11, icIndex: ic)
        }
        let fast = lambdas(ics: 50, epsilons: spec.epsilons) {
            kernel.run(initial: initial($0), learningRate: 1, sweepSeed: 11, icIndex: $0)
        }
        let plain = lambdas(ics: 50, epsilons: spec.epsilons) {
            oracle.run(initial: initial($0), learningRate: 1, sweepSeed: 11, icIndex: $0)
        }
        for (k, o) in zip(fast, plain) {
            let kMean = try #require(k.mean), oMean = try #require(o.mean)
            let kError = try #require(k.standardError), oError = try #require(o.standardError)
            #expect(k.kept >= 10 && o.kept >= 10, "too few kept fits: \(k.kept), \(o.kept)")
            #expect(abs(kMean - oMean) <= 3 * (kError * kError + oError * oError).squareRoot(),
                    "kernel \(kMean) ± \(kError), oracle \(oMean) ± \(oError)")
        }
    }
}
