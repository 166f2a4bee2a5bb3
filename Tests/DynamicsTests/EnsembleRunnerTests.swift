import TestSupport
import Testing

@testable import Dynamics

@Suite("Ensemble training")
struct EnsembleRunnerTests {
    let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)

    @Test("at ε = 1e-14 the perturbation survives rounding: d(0) within 1% of Σ|δ|, d(t) finite and positive")
    func tinyEpsilon() throws {
        let spec = EnsembleSpec(epsilons: [1e-14], members: 5, steps: 100, keepMemberCurves: true)
        let runner = EnsembleRunner(architecture: architecture, train: try irisTrainingSplit(), spec: spec)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 3, icIndex: 0)
        let result = runner.run(initial: initial, learningRate: 1, sweepSeed: 3, icIndex: 0)
        let curve = try #require(result.curves.first)
        #expect(curve.divergedAt == nil)
        #expect(curve.meanDistance.count == 101)
        #expect(curve.meanDistance.allSatisfy { $0.isFinite && $0 > 0 })
        let members = try #require(curve.memberDistances)
        for member in 0..<5 {
            let delta = Perturbation.draw(perturbed: architecture.weightMask, epsilon: 1e-14, sweepSeed: 3,
                                          icIndex: 0, epsilonIndex: 0, memberIndex: member)
            let drawn = delta.reduce(0) { $0 + abs($1) }
            #expect(abs(members[member][0] - drawn) / drawn < 0.01, "member \(member): d(0) = \(members[member][0]), Σ|δ| = \(drawn)")
        }
    }

    @Test("the reference is shared by every ε and the result is a pure function of the inputs")
    func determinism() throws {
        let spec = EnsembleSpec(epsilons: [1e-8, 1e-4], members: 3, steps: 50)
        let runner = EnsembleRunner(architecture: architecture, train: try irisTrainingSplit(), spec: spec)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 2)
        let a = runner.run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 2)
        let b = runner.run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 2)
        #expect(a == b)
        let single = EnsembleRunner(architecture: architecture, train: try irisTrainingSplit(),
                                    spec: EnsembleSpec(epsilons: [1e-8, 1e-4], members: 3, steps: 50, keepMemberCurves: true))
            .run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 2)
        #expect(single.referenceLoss == a.referenceLoss)
        #expect(single.curves.map(\.meanDistance) == a.curves.map(\.meanDistance))
        #expect(a.referenceLoss.count == 51)
        #expect(a.referenceLoss.last! < a.referenceLoss.first!)
    }

    @Test("post-learning: perturbing at t₀ continues the same reference trajectory")
    func perturbAt() throws {
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 0)
        let long = EnsembleRunner(architecture: architecture, train: train, spec: EnsembleSpec(epsilons: [1e-6], members: 1, steps: 30))
            .run(initial: initial, learningRate: 0.5, sweepSeed: 1, icIndex: 0)
        let late = EnsembleRunner(architecture: architecture, train: train,
                                  spec: EnsembleSpec(epsilons: [1e-6], members: 1, steps: 10, perturbAt: 20))
            .run(initial: initial, learningRate: 0.5, sweepSeed: 1, icIndex: 0)
        #expect(Array(long.referenceLoss[20...30]) == late.referenceLoss)
    }

    @Test("a trajectory that blows up is flagged diverged and its curve stops there")
    func divergence() throws {
        let relu = NetworkArchitecture(layers: [4, 10, 3], activation: .relu)
        let spec = EnsembleSpec(epsilons: [1e-3], members: 2, steps: 40)
        let result = EnsembleRunner(architecture: relu, train: try irisTrainingSplit(), spec: spec)
            .run(initial: InitialCondition.draw(architecture: relu, initStd: 1, sweepSeed: 1, icIndex: 0),
                 learningRate: 1e300, sweepSeed: 1, icIndex: 0)
        let curve = try #require(result.curves.first)
        let stop = try #require(curve.divergedAt)
        #expect(curve.diverged)
        #expect(curve.meanDistance.count == stop)
        #expect(curve.meanDistance.allSatisfy { $0.isFinite })
    }

    @Test("L2 distance of a known pair")
    func distances() {
        #expect(DistanceNorm.l1.distance([1, 2, 3], [1, 0, 6]) == 5)
        #expect(DistanceNorm.l2.distance([0, 0], [3, 4]) == 5)
    }
}
