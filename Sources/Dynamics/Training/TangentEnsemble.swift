import DynamicsKernelInterface

/// The tangent ensemble of one task: the ε → 0 limit of its perturbation ensembles (docs/METHOD.md §2.5).
///
/// The reference is trained exactly as by ``EnsembleKernel`` — the same lockstep step on a lane of its own,
/// which gives the same bits as the kernel's lane 0 (lanes never mix) — through the t₀ pre-training steps and
/// on to t₀ + T. Member i starts from the direction v_i(0) = δ_i/ε of member i at the sweep's first ε (the
/// draw of the same stream with ε = 1), and is carried by the exact Jacobian-vector product of the training
/// step along the reference, J(W(t))·v = v − η H_B(W(t))·v with H_B the Hessian of the loss of step t's batch
/// (the batches of the IC's ``BatchSchedule``, so mini-batch SGD is linearised on the same schedule). The
/// products use the plain ``GradientEvaluator/Curvature`` (Pearlmutter's R-operator), one trajectory at a
/// time. The curve is ⟨‖v‖⟩(t) in the ensemble's norm (``TangentPropagation``), t = 0 … T, and is returned as
/// a ``DivergenceCurve`` with ε = 0.
///
/// It stops where the reference stops: at the step the reference diverged (its loss or a weight non-finite),
/// or, if a tangent vector is non-finite, before that step (all its members counted as diverged).
public struct TangentEnsemble: Sendable {
    /// The network shape and parameter order.
    public let architecture: NetworkArchitecture
    /// The training split the loss averages over.
    public let train: Dataset
    /// What the finite ensembles of the task train (M, T, t₀, the perturbed parameters, the norm, the batches
    /// and the first ε, whose streams give the directions).
    public let spec: EnsembleSpec

    /// Creates the tangent ensemble of a sweep's tasks.
    ///
    /// - Precondition: the network fits the training set, and `spec` has at least one ε.
    public init(architecture: NetworkArchitecture, train: Dataset, spec: EnsembleSpec) {
        architecture.requireFits(train)
        precondition(!spec.epsilons.isEmpty, "the directions are those of the first ε")
        self.architecture = architecture
        self.train = train
        self.spec = spec
    }

    /// The directions v_i(0) of IC `icIndex`: member i's perturbation at the first ε, divided by ε.
    public func directions(sweepSeed: UInt64, icIndex: Int) -> [[Double]] {
        let perturbed = spec.perturbBiases
            ? [Bool](repeating: true, count: architecture.parameterCount) : architecture.weightMask
        return (0..<spec.members).map { member in
            Perturbation.draw(perturbed: perturbed, epsilon: 1, sweepSeed: sweepSeed, icIndex: icIndex,
                              epsilonIndex: 0, memberIndex: member)
        }
    }

    /// Runs the tangent ensemble of one initial condition at one learning rate.
    ///
    /// - Parameters:
    ///   - initial: W(0) of the reference.
    ///   - learningRate: η.
    ///   - sweepSeed: Names the direction and batch-order streams together with the IC index.
    ///   - icIndex: The IC number k.
    /// - Returns: ⟨‖v‖⟩(t), t = 0 … T, as a curve with ε = 0 (shorter if the reference or a vector diverged).
    public func run(initial: [Double], learningRate eta: Double, sweepSeed: UInt64, icIndex: Int) -> DivergenceCurve {
        var schedule = BatchSchedule(sampleCount: train.sampleCount, batchSize: spec.batchSize,
                                     sweepSeed: sweepSeed, icIndex: icIndex)
        // The reference is the kernel's own step (any variant computes the same bits), one trajectory in every lane.
        let workspace = KernelVariant.active.entry.makeWorkspace(
            layers: architecture.layers, activation: KernelActivation(architecture.activation),
            features: train.features, labels: train.labels, trajectories: 1)
        for lane in 0..<workspace.laneCount { workspace.load(initial, into: lane) }
        let record = StepRecord(steps: 1, lanes: workspace.laneCount)
        let norm = KernelNorm(spec.distance)
        var batch: [Int] = []
        func step() -> Bool {
            if !schedule.isFullBatch {
                schedule.next(into: &batch)
                workspace.setBatch(batch)
            }
            workspace.step(learningRate: eta, norm: norm, health: record.health(at: 0), distance: record.distance(at: 0))
            return record.health(at: 0)[0].isFinite
        }
        for _ in 0..<spec.perturbAt where !step() {
            return curve(TangentPropagation(directions: [[]], norm: spec.distance), divergedAt: 0)
        }

        var tangent = TangentPropagation(directions: directions(sweepSeed: sweepSeed, icIndex: icIndex), norm: spec.distance)
        var fullBatch = GradientEvaluator.Curvature(architecture: architecture, data: train)
        for t in 0...spec.steps {
            let point = workspace.parameters(of: 0)
            guard step() else { return curve(tangent, divergedAt: t) }
            guard tangent.record() else { return curve(tangent, divergedAt: t, vectorsDiverged: true) }
            guard t < spec.steps else { break }
            if schedule.isFullBatch {
                Self.advance(&tangent, by: &fullBatch, at: point, learningRate: eta)
            } else {
                var curvature = GradientEvaluator.Curvature(architecture: architecture, data: train.rows(batch))
                Self.advance(&tangent, by: &curvature, at: point, learningRate: eta)
            }
        }
        return curve(tangent, divergedAt: nil)
    }

    /// v ← J(W)·v for every tangent vector, J the Jacobian of a gradient-descent step on `curvature`'s samples.
    private static func advance(
        _ tangent: inout TangentPropagation, by curvature: inout GradientEvaluator.Curvature, at point: [Double],
        learningRate eta: Double
    ) {
        curvature.expand(at: point)
        tangent.advance { vector, image in
            curvature.gradientDescentTangent(along: vector, learningRate: eta, into: &image)
        }
    }

    private func curve(_ tangent: TangentPropagation, divergedAt: Int?, vectorsDiverged: Bool = false) -> DivergenceCurve {
        DivergenceCurve(
            epsilon: 0, meanDistance: tangent.meanNorms, memberDistances: nil,
            divergedMembers: vectorsDiverged ? spec.members : 0, divergedAt: divergedAt)
    }
}
