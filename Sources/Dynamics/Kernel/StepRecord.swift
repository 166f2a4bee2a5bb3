/// What the kernel records of every lane at every step, and how that becomes an ``EnsembleResult``.
///
/// Per step and lane it keeps the loss-and-finiteness value (see ``KernelWorkspace/step``) and the
/// distance to the reference; ``result(spec:)`` then applies the oracle's rules exactly: the curve of
/// an ε stops before the first step at which the reference or one of its members is non-finite.
final class StepRecord {
    /// Steps the record has room for.
    let steps: Int
    /// Steps actually computed (the run stops early when the reference diverges).
    var completedSteps = 0
    /// Lanes per step (the workspace's ``LockstepWorkspace/laneCount``).
    private let lanes: Int
    private let healthValues: UnsafeMutablePointer<Double>
    private let distanceValues: UnsafeMutablePointer<Double>

    /// Room for `steps` steps of `lanes` lanes.
    init(steps: Int, lanes: Int) {
        self.steps = steps
        self.lanes = lanes
        healthValues = Self.allocateAligned(steps * lanes)
        distanceValues = Self.allocateAligned(steps * lanes)
    }

    deinit {
        UnsafeMutableRawPointer(healthValues).deallocate()
        UnsafeMutableRawPointer(distanceValues).deallocate()
    }

    /// `count` zeros on a cache-line boundary, as the workspaces' vector stores want them.
    private static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Double> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
        let values = raw.bindMemory(to: Double.self, capacity: count)
        values.initialize(repeating: 0, count: count)
        return values
    }

    /// The loss-and-finiteness row of a step.
    func health(at step: Int) -> UnsafeMutablePointer<Double> { healthValues + step * lanes }

    /// The distance row of a step.
    func distance(at step: Int) -> UnsafeMutablePointer<Double> { distanceValues + step * lanes }

    private func value(_ buffer: UnsafeMutablePointer<Double>, step: Int, trajectory: Int) -> Double {
        buffer[step * lanes + trajectory]
    }

    /// The ensemble result, with trajectory 0 the reference and 1 + e·M + m member m of ε number e.
    func result(spec: EnsembleSpec) -> EnsembleResult {
        let members = spec.members
        var referenceLoss: [Double] = []
        referenceLoss.reserveCapacity(completedSteps)
        var referenceDivergedAt: Int?
        var memberDistances = [[Double]](repeating: [], count: members * spec.epsilons.count)
        var divergedAt = [Int?](repeating: nil, count: spec.epsilons.count)
        var divergedMembers = [Int](repeating: 0, count: spec.epsilons.count)
        for step in 0..<completedSteps {
            let loss = value(healthValues, step: step, trajectory: 0)
            guard loss.isFinite else {
                referenceDivergedAt = step
                break
            }
            referenceLoss.append(loss)
            for epsilonIndex in spec.epsilons.indices where divergedAt[epsilonIndex] == nil {
                for member in 0..<members {
                    let index = epsilonIndex * members + member
                    guard value(healthValues, step: step, trajectory: 1 + index).isFinite else {
                        divergedMembers[epsilonIndex] += 1
                        divergedAt[epsilonIndex] = step
                        continue
                    }
                    memberDistances[index].append(value(distanceValues, step: step, trajectory: 1 + index))
                }
            }
        }
        let curves = spec.epsilons.enumerated().map { epsilonIndex, epsilon in
            let stop = [divergedAt[epsilonIndex], referenceDivergedAt].compactMap { $0 }.min()
            let length = stop ?? completedSteps
            let own = (0..<members).map { Array(memberDistances[epsilonIndex * members + $0].prefix(length)) }
            let mean = (0..<length).map { step in
                var sum = 0.0
                for member in 0..<members { sum += own[member][step] }
                return sum / Double(members)
            }
            return DivergenceCurve(
                epsilon: epsilon, meanDistance: mean, memberDistances: spec.keepMemberCurves ? own : nil,
                divergedMembers: divergedMembers[epsilonIndex], divergedAt: stop)
        }
        return EnsembleResult(referenceLoss: referenceLoss, referenceDivergedAt: referenceDivergedAt, curves: curves)
    }
}
