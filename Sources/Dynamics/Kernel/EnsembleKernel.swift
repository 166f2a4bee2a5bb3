/// Trains a reference network and its perturbed copies in lockstep, all trajectories of a task as SIMD
/// lanes of one batched computation, and records how far apart they drift (docs/METHOD.md §1–§2).
///
/// This is the engine every sweep runs. It computes the same ``EnsembleResult`` as the plain
/// ``EnsembleRunner`` (the test oracle) up to rounding — its own `exp` and `log`, and
/// fused multiply-adds where the oracle rounds twice: one step agrees to ≈ 1e-16 relative, and
/// statistics such as λ_nMLE agree within their standard errors. With mini-batches
/// (``EnsembleSpec/batchSize``) every lane sees the same batches of the IC's ``BatchSchedule``.
///
/// The result is a pure function of the arguments and of nothing else — not of the CPU the build
/// targets, the thread or process that runs it, or how many run at once: every lane does the same
/// correctly rounded IEEE-754 operations in the same order, and lanes never mix.
public struct EnsembleKernel: Sendable {
    /// The network shape and parameter order.
    public let architecture: NetworkArchitecture
    /// The training split the loss averages over.
    public let train: Dataset
    /// What to train and record.
    public let spec: EnsembleSpec

    /// Creates a kernel for one network shape, training set and ensemble spec.
    ///
    /// - Precondition: the input width equals the dataset's feature count and the output width is at
    ///   least its class count; the spec's optimizer is plain gradient descent (``EnsembleRunner`` runs the others).
    public init(architecture: NetworkArchitecture, train: Dataset, spec: EnsembleSpec) {
        architecture.requireFits(train)
        precondition(spec.optimizer.isPlainGradientDescent, "the lockstep kernel computes plain gradient descent only")
        self.architecture = architecture
        self.train = train
        self.spec = spec
    }

    /// Runs the ensemble of one initial condition at one learning rate.
    ///
    /// - Parameters:
    ///   - initial: W(0) of the reference (see ``InitialCondition``).
    ///   - learningRate: The constant step η of W(t+1) = W(t) − η∇L(W(t)).
    ///   - sweepSeed: Seeds the perturbation and batch-order streams together with the IC index.
    ///   - icIndex: The IC number k (names the perturbation and batch-order streams).
    ///   - progress: Receives the trajectory-steps done as the run advances (read by heartbeats).
    public func run(
        initial: [Double], learningRate eta: Double, sweepSeed: UInt64, icIndex: Int, progress: StepProgress? = nil
    ) -> EnsembleResult {
        switch architecture.activation {
        case .sigmoid:
            run(SigmoidLanes.self, initial: initial, learningRate: eta, sweepSeed: sweepSeed, icIndex: icIndex, progress: progress)
        case .tanh:
            run(TanhLanes.self, initial: initial, learningRate: eta, sweepSeed: sweepSeed, icIndex: icIndex, progress: progress)
        case .relu:
            run(ReluLanes.self, initial: initial, learningRate: eta, sweepSeed: sweepSeed, icIndex: icIndex, progress: progress)
        }
    }

    private func run<A: LaneActivation>(
        _ activation: A.Type, initial: [Double], learningRate eta: Double, sweepSeed: UInt64, icIndex: Int,
        progress: StepProgress?
    ) -> EnsembleResult {
        var schedule = BatchSchedule(sampleCount: train.sampleCount, batchSize: spec.batchSize,
                                     sweepSeed: sweepSeed, icIndex: icIndex)
        guard let reference = pretrain(
            activation, initial: initial, learningRate: eta, schedule: &schedule, progress: progress)
        else {
            return divergedBeforePerturbation()
        }
        let trajectories = spec.trajectoryCount
        let workspace = KernelWorkspace(architecture: architecture, train: train, trajectories: trajectories)
        let perturbed = spec.perturbBiases
            ? [Bool](repeating: true, count: architecture.parameterCount) : architecture.weightMask
        // Lane 0 is the reference; padding lanes beyond the last member copy it and are never read.
        for lane in 0..<(workspace.blockCount * Lanes.scalarCount) { workspace.load(reference, into: lane) }
        for (epsilonIndex, epsilon) in spec.epsilons.enumerated() {
            for member in 0..<spec.members {
                let delta = Perturbation.draw(
                    perturbed: perturbed, epsilon: epsilon, sweepSeed: sweepSeed, icIndex: icIndex,
                    epsilonIndex: epsilonIndex, memberIndex: member)
                let values = (0..<reference.count).map { reference[$0] + delta[$0] }
                workspace.load(values, into: 1 + epsilonIndex * spec.members + member)
            }
        }

        let record = StepRecord(steps: spec.steps + 1, blocks: workspace.blockCount)
        var batch: [Int] = []
        for step in 0..<record.steps {
            if !schedule.isFullBatch {
                schedule.next(into: &batch)
                workspace.setBatch(batch)
            }
            let health = record.health(at: step), distance = record.distance(at: step)
            workspace.step(activation, learningRate: eta, norm: spec.distance, health: health, distance: distance)
            record.completedSteps = step + 1
            progress?.add(trajectories)
            if !health[0][0].isFinite { break }
        }
        return record.result(spec: spec)
    }

    /// Trains the reference alone for t₀ steps; nil if it diverged on the way.
    private func pretrain<A: LaneActivation>(
        _ activation: A.Type, initial: [Double], learningRate eta: Double, schedule: inout BatchSchedule,
        progress: StepProgress?
    ) -> [Double]? {
        guard spec.perturbAt > 0 else { return initial }
        let workspace = KernelWorkspace(architecture: architecture, train: train, trajectories: 1)
        for lane in 0..<Lanes.scalarCount { workspace.load(initial, into: lane) }
        let record = StepRecord(steps: 1, blocks: 1)
        var batch: [Int] = []
        for _ in 0..<spec.perturbAt {
            if !schedule.isFullBatch {
                schedule.next(into: &batch)
                workspace.setBatch(batch)
            }
            workspace.step(activation, learningRate: eta, norm: spec.distance,
                           health: record.health(at: 0), distance: record.distance(at: 0))
            progress?.add(1)
            if !record.health(at: 0)[0][0].isFinite { return nil }
        }
        return workspace.parameters(of: 0)
    }

    private func divergedBeforePerturbation() -> EnsembleResult {
        EnsembleResult(
            referenceLoss: [], referenceDivergedAt: 0,
            curves: spec.epsilons.map {
                DivergenceCurve(
                    epsilon: $0, meanDistance: [], memberDistances: spec.keepMemberCurves ? [] : nil,
                    divergedMembers: 0, divergedAt: 0)
            })
    }
}
