import DynamicsKernelInterface

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
/// targets, the ``KernelVariant`` that runs it, the thread or process, or how many run at once: every lane
/// does the same correctly rounded IEEE-754 operations in the same order, and lanes never mix.
public struct EnsembleKernel: Sendable {
    /// The network shape and parameter order.
    public let architecture: NetworkArchitecture
    /// The training split the loss averages over.
    public let train: Dataset
    /// What to train and record.
    public let spec: EnsembleSpec
    /// The compiled variant that runs the steps.
    public let variant: KernelVariant

    /// Creates a kernel for one network shape, training set and ensemble spec, run by `variant` (by default
    /// the process's ``KernelVariant/active`` one).
    ///
    /// - Precondition: the input width equals the dataset's feature count and the output width is at
    ///   least its class count; the spec's optimizer is plain gradient descent (``EnsembleRunner`` runs the others);
    ///   the CPU supports `variant`.
    public init(architecture: NetworkArchitecture, train: Dataset, spec: EnsembleSpec, variant: KernelVariant = .active) {
        architecture.requireFits(train)
        precondition(spec.optimizer.isPlainGradientDescent, "the lockstep kernel computes plain gradient descent only")
        precondition(KernelVariant.supported(by: .current).contains(variant),
                     "the \(variant.rawValue) kernel variant needs \(variant.requirements.subtracting(.current).names), which this CPU lacks")
        self.architecture = architecture
        self.train = train
        self.spec = spec
        self.variant = variant
    }

    /// A workspace of the kernel's variant for `trajectories` trajectories.
    private func makeWorkspace(trajectories: Int) -> any LockstepWorkspace {
        variant.entry.makeWorkspace(layers: architecture.layers, activation: KernelActivation(architecture.activation),
                                           features: train.features, labels: train.labels, trajectories: trajectories)
    }

    /// The distance of ``EnsembleSpec/distance`` in the kernel's terms.
    private var norm: KernelNorm { KernelNorm(spec.distance) }

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
        var schedule = BatchSchedule(sampleCount: train.sampleCount, batchSize: spec.batchSize,
                                     sweepSeed: sweepSeed, icIndex: icIndex)
        guard let reference = pretrain(initial: initial, learningRate: eta, schedule: &schedule, progress: progress)
        else {
            return divergedBeforePerturbation()
        }
        let trajectories = spec.trajectoryCount
        let workspace = makeWorkspace(trajectories: trajectories)
        let perturbed = spec.perturbBiases
            ? [Bool](repeating: true, count: architecture.parameterCount) : architecture.weightMask
        // Lane 0 is the reference; padding lanes beyond the last member copy it and are never read.
        for lane in 0..<workspace.laneCount { workspace.load(reference, into: lane) }
        for (epsilonIndex, epsilon) in spec.epsilons.enumerated() {
            for member in 0..<spec.members {
                let delta = Perturbation.draw(
                    perturbed: perturbed, epsilon: epsilon, sweepSeed: sweepSeed, icIndex: icIndex,
                    epsilonIndex: epsilonIndex, memberIndex: member)
                let values = (0..<reference.count).map { reference[$0] + delta[$0] }
                workspace.load(values, into: 1 + epsilonIndex * spec.members + member)
            }
        }

        let record = StepRecord(steps: spec.steps + 1, lanes: workspace.laneCount)
        var batch: [Int] = []
        for step in 0..<record.steps {
            if !schedule.isFullBatch {
                schedule.next(into: &batch)
                workspace.setBatch(batch)
            }
            let health = record.health(at: step), distance = record.distance(at: step)
            workspace.step(learningRate: eta, norm: norm, health: health, distance: distance)
            record.completedSteps = step + 1
            progress?.add(trajectories)
            if !health[0].isFinite { break }
        }
        return record.result(spec: spec).measuringResolution(
            at: reference, architecture: architecture, spec: spec, sweepSeed: sweepSeed, icIndex: icIndex)
    }

    /// Trains the reference alone for t₀ steps; nil if it diverged on the way.
    private func pretrain(
        initial: [Double], learningRate eta: Double, schedule: inout BatchSchedule, progress: StepProgress?
    ) -> [Double]? {
        guard spec.perturbAt > 0 else { return initial }
        let workspace = makeWorkspace(trajectories: 1)
        for lane in 0..<workspace.laneCount { workspace.load(initial, into: lane) }
        let record = StepRecord(steps: 1, lanes: workspace.laneCount)
        var batch: [Int] = []
        for _ in 0..<spec.perturbAt {
            if !schedule.isFullBatch {
                schedule.next(into: &batch)
                workspace.setBatch(batch)
            }
            workspace.step(learningRate: eta, norm: norm, health: record.health(at: 0), distance: record.distance(at: 0))
            progress?.add(1)
            if !record.health(at: 0)[0].isFinite { return nil }
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
