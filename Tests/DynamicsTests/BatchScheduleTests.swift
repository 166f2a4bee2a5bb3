import TestSupport
import Testing

@testable import Dynamics

@Suite("Mini-batch schedule")
struct BatchScheduleTests {
    /// The first `count` batches of a schedule.
    func batches(_ schedule: BatchSchedule, count: Int) -> [[Int]] {
        var schedule = schedule
        var batch: [Int] = []
        return (0..<count).map { _ in
            schedule.next(into: &batch)
            return batch
        }
    }

    @Test("no batch size, or one of at least N, is the whole set in order at every step")
    func fullBatch() {
        for size in [nil, 10, 11, 1000] {
            let schedule = BatchSchedule(sampleCount: 10, batchSize: size, sweepSeed: 1, icIndex: 0)
            #expect(schedule.isFullBatch)
            #expect(batches(schedule, count: 3) == Array(repeating: Array(0..<10), count: 3))
        }
    }

    @Test("every epoch is cut from a fresh permutation into ascending batches of B, the last one smaller")
    func epochs() {
        let schedule = BatchSchedule(sampleCount: 10, batchSize: 4, sweepSeed: 7, icIndex: 3)
        #expect(!schedule.isFullBatch)
        let drawn = batches(schedule, count: 9)  // three epochs of 4 + 4 + 2
        #expect(drawn.map(\.count) == [4, 4, 2, 4, 4, 2, 4, 4, 2])
        for epoch in 0..<3 {
            let batchesOfEpoch = drawn[(3 * epoch)..<(3 * epoch + 3)]
            #expect(batchesOfEpoch.flatMap { $0 }.sorted() == Array(0..<10))
            #expect(batchesOfEpoch.allSatisfy { $0 == $0.sorted() })
        }
        #expect(Set(drawn[0...2].map { Set($0) }) != Set(drawn[3...5].map { Set($0) }), "epochs reshuffle")
    }

    @Test("the schedule is a function of (sweep seed, IC index) only")
    func seeded() {
        func first(_ seed: UInt64, _ ic: Int) -> [[Int]] {
            batches(BatchSchedule(sampleCount: 120, batchSize: 16, sweepSeed: seed, icIndex: ic), count: 20)
        }
        #expect(first(5, 2) == first(5, 2))
        #expect(first(5, 2) != first(5, 3))
        #expect(first(5, 2) != first(6, 2))
    }

    @Test("the oracle trains the reference and every copy on the schedule's batches")
    func oracleUsesSchedule() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .tanh)
        let train = try irisTrainingSplit()
        let spec = EnsembleSpec(epsilons: [1e-5], members: 2, steps: 12, keepMemberCurves: true, batchSize: 32)
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 9, icIndex: 1)
        let result = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 0.7, sweepSeed: 9, icIndex: 1)
        // Replay by hand: every trajectory steps on batch t of the IC's schedule.
        var trajectories = [initial] + (0..<2).map { member in
            let delta = Perturbation.draw(perturbed: architecture.weightMask, epsilon: 1e-5, sweepSeed: 9, icIndex: 1,
                                          epsilonIndex: 0, memberIndex: member)
            return zip(initial, delta).map { $0 + $1 }
        }
        var schedule = BatchSchedule(sampleCount: 120, batchSize: 32, sweepSeed: 9, icIndex: 1)
        var evaluator = GradientEvaluator(architecture: architecture, data: train)
        var gradient = [Double](repeating: 0, count: architecture.parameterCount)
        var batch: [Int] = []
        var losses: [Double] = [], distances: [[Double]] = [[], []]
        for _ in 0...12 {
            schedule.next(into: &batch)
            for member in 0..<2 { distances[member].append(DistanceNorm.l1.distance(trajectories[0], trajectories[1 + member])) }
            for index in trajectories.indices {
                let loss = evaluator.lossAndGradient(trajectories[index], batch: batch, into: &gradient)
                if index == 0 { losses.append(loss) }
                for j in gradient.indices { trajectories[index][j] -= 0.7 * gradient[j] }
            }
        }
        #expect(result.referenceLoss == losses)
        #expect(result.curves[0].memberDistances == distances)
    }
}
