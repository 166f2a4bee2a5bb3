import Analysis
import Foundation
import TestSupport
import Testing

@testable import Dynamics

@Suite("Tangent ensemble: the ε → 0 limit of the finite ensembles")
struct TangentEnsembleTests {
    let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)

    /// The tangent curve and the finite ε = 1e-8 curve (whose directions it shares) of IC `ic` at η = 1.
    func curves(ic: Int, spec: EnsembleSpec) throws -> (tangent: DivergenceCurve, finite: DivergenceCurve) {
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 5, icIndex: ic)
        let tangent = TangentEnsemble(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: ic)
        let finite = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: ic).curves[0]
        return (tangent, finite)
    }

    /// The largest |⟨d⟩(t)/ε ÷ ⟨‖v‖⟩(t) − 1| over t = 0 … 30.
    func worstRatio(_ pair: (tangent: DivergenceCurve, finite: DivergenceCurve), epsilon: Double) -> Double {
        (0...30).map { abs(pair.finite.meanDistance[$0] / epsilon / pair.tangent.meanDistance[$0] - 1) }.max()!
    }

    @Test("full batch, after pre-training, and with mini-batches: ⟨d⟩/ε at ε = 1e-8 follows the tangent curve for 30 steps",
          arguments: [(0, nil), (20, nil), (0, 32)] as [(Int, Int?)])
    func followsTheFiniteEnsemble(perturbAt: Int, batchSize: Int?) throws {
        let spec = EnsembleSpec(epsilons: [1e-8], members: 3, steps: 60, perturbAt: perturbAt, batchSize: batchSize)
        for ic in 0..<3 {
            let pair = try curves(ic: ic, spec: spec)
            #expect(pair.tangent.epsilon == 0 && pair.tangent.meanDistance.count == 61 && pair.tangent.divergedAt == nil)
            #expect(pair.tangent.resolution == nil && pair.tangent.memberDistances == nil)
            #expect(worstRatio(pair, epsilon: 1e-8) < 1e-3, "IC \(ic): \(worstRatio(pair, epsilon: 1e-8))")
        }
    }

    @Test("the directions are the first ε's perturbations divided by ε; the curve starts at their mean norm")
    func directionsOfTheFirstEpsilon() throws {
        let spec = EnsembleSpec(epsilons: [1e-3, 1e-6], members: 4, steps: 5, distance: .l2)
        let ensemble = TangentEnsemble(architecture: architecture, train: try irisTrainingSplit(), spec: spec)
        let directions = ensemble.directions(sweepSeed: 5, icIndex: 2)
        for (member, direction) in directions.enumerated() {
            let delta = Perturbation.draw(perturbed: architecture.weightMask, epsilon: 1e-3, sweepSeed: 5, icIndex: 2,
                                          epsilonIndex: 0, memberIndex: member)
            #expect(zip(direction, delta).allSatisfy { abs($0 - $1 / 1e-3) < 1e-12 })
        }
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 5, icIndex: 2)
        let curve = ensemble.run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: 2)
        let zero = [Double](repeating: 0, count: architecture.parameterCount)
        let start = directions.map { DistanceNorm.l2.distance($0, zero) }.reduce(0, +) / 4
        #expect(curve.meanDistance[0] == start)
        #expect(ensemble.run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: 2) == curve, "a pure function")
    }

    @Test("a reference that is not finite ends the tangent curve where the finite curves end, pre-training or not",
          arguments: [0, 3])
    func divergesWithTheReference(perturbAt: Int) throws {
        let spec = EnsembleSpec(epsilons: [1e-8], members: 2, steps: 50, perturbAt: perturbAt)
        let train = try irisTrainingSplit()
        var initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 5, icIndex: 0)
        initial[7] = .nan
        let finite = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: 0)
        let tangent = TangentEnsemble(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 5, icIndex: 0)
        let stop = try #require(finite.referenceDivergedAt)
        #expect(tangent.divergedAt == stop && tangent.meanDistance.count == stop)
    }
}
