import DynamicsKernelInterface
import TestSupport
import Testing

@testable import Dynamics

@Suite("Lockstep ensemble kernel against the plain oracle")
struct EnsembleKernelTests {
    static let shapes: [[Int]] = [[4, 10, 3], [64, 32, 10], [4, 8, 8, 3]]

    /// 20 trajectories (two blocks, the second partly padding) from one IC plus perturbations of 1e-3.
    func trajectories(_ architecture: NetworkArchitecture) -> [[Double]] {
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 7, icIndex: 3)
        return [initial] + (0..<19).map { member in
            let delta = Perturbation.draw(perturbed: architecture.weightMask, epsilon: 1e-3, sweepSeed: 7,
                                          icIndex: 3, epsilonIndex: 0, memberIndex: member)
            return zip(initial, delta).map { $0 + $1 }
        }
    }

    /// The largest |a − b| / max(1, |b|) between the kernel and the oracle after `steps` steps at η, on the
    /// whole training set or, given `batch`, on those samples only.
    func worstDeviation(layers: [Int], activation: Activation, steps: Int, eta: Double, batch: [Int]? = nil) -> Double {
        let data = syntheticDataset(features: layers[0], classes: layers.last!, samples: 40, seed: UInt64(layers.count))
        let architecture = NetworkArchitecture(layers: layers, activation: activation)
        let start = trajectories(architecture)
        let workspace = KernelVariant.active.entry.makeWorkspace(
            layers: layers, activation: KernelActivation(activation), features: data.features, labels: data.labels,
            trajectories: start.count)
        for (index, values) in start.enumerated() { workspace.load(values, into: index) }
        if let batch { workspace.setBatch(batch) }
        let record = StepRecord(steps: 1, lanes: workspace.laneCount)
        for _ in 0..<steps {
            workspace.step(learningRate: eta, norm: .l1, health: record.health(at: 0), distance: record.distance(at: 0))
        }
        var evaluator = GradientEvaluator(architecture: architecture, data: data)
        var gradient = [Double](repeating: 0, count: architecture.parameterCount)
        var worst = 0.0
        for (index, initial) in start.enumerated() {
            var oracle = initial
            for _ in 0..<steps {
                _ = evaluator.lossAndGradient(oracle, batch: batch ?? Array(0..<data.sampleCount), into: &gradient)
                for j in oracle.indices { oracle[j] -= eta * gradient[j] }
            }
            for (a, b) in zip(workspace.parameters(of: index), oracle) { worst = max(worst, abs(a - b) / max(1, abs(b))) }
        }
        return worst
    }

    @Test("one step equals the oracle to 1e-13 in every parameter", arguments: shapes, Activation.allCases)
    func oneStep(layers: [Int], activation: Activation) {
        let worst = worstDeviation(layers: layers, activation: activation, steps: 1, eta: 1)
        #expect(worst <= 1e-13, "\(layers) \(activation): \(worst)")
    }

    @Test("20 steps at η = 1 stay within 1e-9 of the oracle", arguments: shapes, Activation.allCases)
    func twentySteps(layers: [Int], activation: Activation) {
        let worst = worstDeviation(layers: layers, activation: activation, steps: 20, eta: 1)
        #expect(worst <= 1e-9, "\(layers) \(activation): \(worst)")
    }

    @Test("one mini-batch step equals the oracle to 1e-13 (10 samples: two quads and a padded one)",
          arguments: shapes, Activation.allCases)
    func oneMiniBatchStep(layers: [Int], activation: Activation) {
        let batch = [0, 3, 4, 9, 11, 17, 22, 30, 38, 39]
        let worst = worstDeviation(layers: layers, activation: activation, steps: 1, eta: 1, batch: batch)
        #expect(worst <= 1e-13, "\(layers) \(activation): \(worst)")
    }

    @Test("the result has the oracle's shape and agrees with it closely over a short run")
    func resultMatchesOracle() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let spec = EnsembleSpec(epsilons: [1e-10, 1e-4], members: 3, steps: 30, keepMemberCurves: true)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 2, icIndex: 5)
        let train = try irisTrainingSplit()
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 2, icIndex: 5)
        let oracle = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 2, icIndex: 5)
        #expect(kernel.referenceLoss.count == oracle.referenceLoss.count)
        for (a, b) in zip(kernel.referenceLoss, oracle.referenceLoss) { #expect(abs(a - b) <= 1e-12 * b) }
        for (k, o) in zip(kernel.curves, oracle.curves) {
            #expect(k.meanDistance.count == o.meanDistance.count && k.memberDistances?.count == 3 && k.divergedAt == nil)
            // Every parameter carries its own roundings of order ulp(|w|) ≈ 1e-16 in each implementation (fused
            // multiply-adds round once where the oracle rounds twice), so a distance between two trajectories agrees
            // to ≈ P ulp absolutely, however small the distance: 1e-12 covers 83 parameters and 30 steps of growth.
            for (a, b) in zip(k.meanDistance, o.meanDistance) { #expect(abs(a - b) <= 1e-6 * b + 1e-12) }
        }
    }

    @Test("post-learning: perturbing at t₀ continues the same reference trajectory")
    func perturbAt() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .tanh)
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 0)
        let long = EnsembleKernel(architecture: architecture, train: train, spec: EnsembleSpec(epsilons: [1e-6], members: 1, steps: 30))
            .run(initial: initial, learningRate: 0.5, sweepSeed: 1, icIndex: 0)
        let late = EnsembleKernel(architecture: architecture, train: train,
                                  spec: EnsembleSpec(epsilons: [1e-6], members: 1, steps: 10, perturbAt: 20))
            .run(initial: initial, learningRate: 0.5, sweepSeed: 1, icIndex: 0)
        #expect(Array(long.referenceLoss[20...30]) == late.referenceLoss)
    }

    @Test("divergence is flagged exactly as by the oracle: same step, same count, curve truncated")
    func divergence() throws {
        let relu = NetworkArchitecture(layers: [4, 10, 3], activation: .relu)
        let spec = EnsembleSpec(epsilons: [1e-3, 1e-1], members: 2, steps: 40)
        let initial = InitialCondition.draw(architecture: relu, initStd: 1, sweepSeed: 1, icIndex: 0)
        let train = try irisTrainingSplit()
        let kernel = EnsembleKernel(architecture: relu, train: train, spec: spec)
            .run(initial: initial, learningRate: 1e300, sweepSeed: 1, icIndex: 0)
        let oracle = EnsembleRunner(architecture: relu, train: train, spec: spec)
            .run(initial: initial, learningRate: 1e300, sweepSeed: 1, icIndex: 0)
        #expect(kernel.referenceDivergedAt == oracle.referenceDivergedAt)
        for (k, o) in zip(kernel.curves, oracle.curves) {
            let stop = try #require(k.divergedAt)
            #expect(k.diverged && k.meanDistance.count == stop)
            #expect(k.divergedAt == o.divergedAt && k.divergedMembers == o.divergedMembers)
            #expect(k.meanDistance.allSatisfy { $0.isFinite })
        }
    }

    @Test("the L2 distance of the first step is the oracle's")
    func l2Distance() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let spec = EnsembleSpec(epsilons: [1e-5], members: 2, steps: 0, distance: .l2)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 4, icIndex: 1)
        let train = try irisTrainingSplit()
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 4, icIndex: 1)
        let oracle = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 4, icIndex: 1)
        #expect(kernel.curves[0].meanDistance == oracle.curves[0].meanDistance)
    }

    @Test("a batch of the whole training set gives the bits of full-batch descent")
    func wholeSetBatchIsFullBatch() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 3, icIndex: 2)
        let train = try irisTrainingSplit()
        func run(_ batchSize: Int?) -> EnsembleResult {
            EnsembleKernel(architecture: architecture, train: train,
                           spec: EnsembleSpec(epsilons: [1e-8], members: 2, steps: 40, perturbAt: 5, batchSize: batchSize))
                .run(initial: initial, learningRate: 1, sweepSeed: 3, icIndex: 2)
        }
        let full = run(nil)
        #expect(full.referenceLoss.count == 41)
        #expect(run(120) == full)
        #expect(run(500) == full)
    }

    @Test("with mini-batches the kernel follows the oracle: same batches for reference and copies")
    func miniBatchesMatchOracle() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let spec = EnsembleSpec(epsilons: [1e-6, 1e-3], members: 3, steps: 30, perturbAt: 3, batchSize: 25)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 6, icIndex: 4)
        let train = try irisTrainingSplit()
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 0.5, sweepSeed: 6, icIndex: 4)
        let oracle = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 0.5, sweepSeed: 6, icIndex: 4)
        let fullBatch = EnsembleRunner(architecture: architecture, train: train,
                                       spec: EnsembleSpec(epsilons: [1e-6, 1e-3], members: 3, steps: 30, perturbAt: 3))
            .run(initial: initial, learningRate: 0.5, sweepSeed: 6, icIndex: 4)
        #expect(kernel.referenceLoss.count == 31 && oracle.referenceLoss.count == 31)
        for (a, b) in zip(kernel.referenceLoss, oracle.referenceLoss) { #expect(abs(a - b) <= 1e-12 * b) }
        // Batch losses differ from the full-batch loss by far more than rounding: the batches are in use.
        #expect(zip(oracle.referenceLoss, fullBatch.referenceLoss).contains { abs($0 - $1) > 1e-3 * $1 })
        for (k, o) in zip(kernel.curves, oracle.curves) {
            #expect(k.meanDistance.count == o.meanDistance.count && k.divergedAt == nil)
            for (a, b) in zip(k.meanDistance, o.meanDistance) { #expect(abs(a - b) <= 1e-6 * b + 1e-12) }
        }
    }

    @Test("post-learning with mini-batches: the batch schedule runs on through t₀")
    func perturbAtWithBatches() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 0)
        func run(steps: Int, perturbAt: Int) -> EnsembleResult {
            EnsembleKernel(architecture: architecture, train: train,
                           spec: EnsembleSpec(epsilons: [1e-6], members: 1, steps: steps, perturbAt: perturbAt, batchSize: 32))
                .run(initial: initial, learningRate: 0.5, sweepSeed: 1, icIndex: 0)
        }
        #expect(Array(run(steps: 30, perturbAt: 0).referenceLoss[20...30]) == run(steps: 10, perturbAt: 20).referenceLoss)
    }
}
