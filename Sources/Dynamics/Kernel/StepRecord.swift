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
    private let blocks: Int
    private let healthValues: UnsafeMutablePointer<Lanes>
    private let distanceValues: UnsafeMutablePointer<Lanes>

    /// Room for `steps` steps of `blocks` blocks of lanes.
    init(steps: Int, blocks: Int) {
        self.steps = steps
        self.blocks = blocks
        healthValues = .allocateAligned(steps * blocks)
        distanceValues = .allocateAligned(steps * blocks)
    }

    deinit {
        healthValues.deallocateAligned()
        distanceValues.deallocateAligned()
    }

    /// The loss-and-finiteness lanes of a step.
    func health(at step: Int) -> UnsafeMutablePointer<Lanes> { healthValues + step * blocks }

    /// The distance lanes of a step.
    func distance(at step: Int) -> UnsafeMutablePointer<Lanes> { distanceValues + step * blocks }

    private func value(_ buffer: UnsafeMutablePointer<Lanes>, step: Int, trajectory: Int) -> Double {
        buffer[step * blocks + trajectory / Lanes.scalarCount][trajectory % Lanes.scalarCount]
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
