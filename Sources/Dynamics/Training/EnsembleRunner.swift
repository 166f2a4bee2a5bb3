/// Trains a reference network and its perturbed copies with the same gradient-descent map and records
/// how far apart they drift (docs/METHOD.md §1–§2).
///
/// This is the plain implementation: the test oracle of ``EnsembleKernel`` (which sweeps with plain
/// gradient descent run), and the engine of sweeps with another ``Optimizer`` (the kernel computes plain
/// gradient descent only). Every trajectory is stepped by a ``GradientEvaluator`` and its own
/// ``OptimizerState`` one after the other, all in lockstep in time so that the distance to the reference is
/// taken at every step, and all on the same batch of the IC's ``BatchSchedule``. Every copy starts with a
/// copy of the reference's optimizer state at the perturbation. Its output is a pure function of its arguments.
public struct EnsembleRunner: Sendable {
    /// The network shape and parameter order.
    public let architecture: NetworkArchitecture
    /// The training split the loss averages over.
    public let train: Dataset
    /// What to train and record.
    public let spec: EnsembleSpec

    /// Creates a runner for one network shape, training set and ensemble spec.
    public init(architecture: NetworkArchitecture, train: Dataset, spec: EnsembleSpec) {
        self.architecture = architecture
        self.train = train
        self.spec = spec
    }

    /// Runs the ensemble of one initial condition at one learning rate.
    ///
    /// - Parameters:
    ///   - initial: W(0) of the reference (see ``InitialCondition``).
    ///   - learningRate: The constant learning rate η of the spec's ``Optimizer``.
    ///   - sweepSeed: Seeds the perturbation and batch-order streams together with the IC index.
    ///   - icIndex: The IC number k (names the perturbation and batch-order streams).
    ///   - progress: Receives the trajectory-steps done as the run advances (read by heartbeats).
    public func run(
        initial: [Double], learningRate eta: Double, sweepSeed: UInt64, icIndex: Int, progress: StepProgress? = nil
    ) -> EnsembleResult {
        var evaluator = GradientEvaluator(architecture: architecture, data: train)
        let parameterCount = architecture.parameterCount
        var gradient = [Double](repeating: 0, count: parameterCount)
        var reference = initial
        var schedule = BatchSchedule(sampleCount: train.sampleCount, batchSize: spec.batchSize,
                                     sweepSeed: sweepSeed, icIndex: icIndex)
        var batch: [Int] = []
        var referenceState = OptimizerState(optimizer: spec.optimizer, parameterCount: parameterCount)

        // Post-learning: train the reference alone for t₀ steps before perturbing it.
        for _ in 0..<spec.perturbAt {
            schedule.next(into: &batch)
            let loss = evaluator.lossAndGradient(reference, batch: batch, into: &gradient)
            guard loss.isFinite, reference.allSatisfy(\.isFinite) else {
                return divergedBeforePerturbation()
            }
            referenceState.step(&reference, gradient: gradient, learningRate: eta)
            progress?.add(1)
        }

        let perturbedPoint = reference
        let perturbed = spec.perturbBiases
            ? [Bool](repeating: true, count: parameterCount) : architecture.weightMask
        var members: [[Double]] = []  // index = ε index × M + member index
        for (epsilonIndex, epsilon) in spec.epsilons.enumerated() {
            for member in 0..<spec.members {
                let delta = Perturbation.draw(
                    perturbed: perturbed, epsilon: epsilon, sweepSeed: sweepSeed, icIndex: icIndex,
                    epsilonIndex: epsilonIndex, memberIndex: member)
                members.append((0..<parameterCount).map { reference[$0] + delta[$0] })
            }
        }

        let points = spec.steps + 1
        var referenceLoss: [Double] = []
        referenceLoss.reserveCapacity(points)
        var referenceDivergedAt: Int?
        var memberDistances = [[Double]](repeating: [], count: members.count)
        var divergedAt = [Int?](repeating: nil, count: spec.epsilons.count)
        var divergedMembers = [Int](repeating: 0, count: spec.epsilons.count)
        var memberGradient = gradient
        // Only weights are perturbed: every copy starts from the reference's optimizer state at t₀.
        var memberStates = [OptimizerState](repeating: referenceState, count: members.count)

        for step in 0..<points {
            schedule.next(into: &batch)
            let referenceLossNow = evaluator.lossAndGradient(reference, batch: batch, into: &gradient)
            guard referenceLossNow.isFinite, reference.allSatisfy(\.isFinite) else {
                referenceDivergedAt = step
                break
            }
            referenceLoss.append(referenceLossNow)
            for epsilonIndex in spec.epsilons.indices where divergedAt[epsilonIndex] == nil {
                for member in 0..<spec.members {
                    let index = epsilonIndex * spec.members + member
                    let loss = evaluator.lossAndGradient(members[index], batch: batch, into: &memberGradient)
                    guard loss.isFinite, members[index].allSatisfy(\.isFinite) else {
                        divergedMembers[epsilonIndex] += 1
                        divergedAt[epsilonIndex] = step
                        continue
                    }
                    memberDistances[index].append(spec.distance.distance(reference, members[index]))
                    memberStates[index].step(&members[index], gradient: memberGradient, learningRate: eta)
                }
            }
            referenceState.step(&reference, gradient: gradient, learningRate: eta)
            progress?.add(spec.trajectoryCount)
        }

        let curves = spec.epsilons.enumerated().map { epsilonIndex, epsilon in
            let stop = [divergedAt[epsilonIndex], referenceDivergedAt].compactMap { $0 }.min()
            let length = stop ?? points
            let own = (0..<spec.members).map {
                Array(memberDistances[epsilonIndex * spec.members + $0].prefix(length))
            }
            let mean = (0..<length).map { step in
                var sum = 0.0
                for member in 0..<spec.members { sum += own[member][step] }
                return sum / Double(spec.members)
            }
            return DivergenceCurve(
                epsilon: epsilon, meanDistance: mean, memberDistances: spec.keepMemberCurves ? own : nil,
                divergedMembers: divergedMembers[epsilonIndex], divergedAt: stop)
        }
        return EnsembleResult(referenceLoss: referenceLoss, referenceDivergedAt: referenceDivergedAt, curves: curves)
            .measuringResolution(at: perturbedPoint, architecture: architecture, spec: spec, sweepSeed: sweepSeed,
                                 icIndex: icIndex)
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
