import Foundation
import Dynamics
import Sweep
import Synchronization
import Testing
@testable import Worker

@Suite("Task executor")
struct TaskExecutorTests {
    /// An executor whose tasks sleep `seconds` and return an empty result, and a semaphore signalled per finish.
    static func sleepingExecutor(seconds: Double) -> (TaskExecutor, DispatchSemaphore) {
        let finished = DispatchSemaphore(value: 0)
        let executor = TaskExecutor(
            compute: { task, progress in
                Thread.sleep(forTimeInterval: seconds)
                progress.add(3)
                return TaskResult(task: task, eta: 1, ensemble: EnsembleResult(referenceLoss: [], referenceDivergedAt: nil, curves: []))
            },
            onFinished: { finished.signal() })
        return (executor, finished)
    }

    @Test("computes queued tasks in order and reports each as soon as it is done")
    func finishesInOrder() throws {
        let (executor, finished) = Self.sleepingExecutor(seconds: 0.01)
        defer { executor.stop() }
        for id in [5, 3, 9] { executor.submit(taskID: id, task: SweepTask(icIndex: id, etaIndex: 0)) }
        var results: [TaskExecutor.Finished] = []
        while results.count < 3 {
            try #require(finished.wait(timeout: .now() + 5) == .success)
            results += executor.takeFinished()
        }
        #expect(results.map(\.taskID) == [5, 3, 9])
        #expect(results.map(\.result.task.icIndex) == [5, 3, 9])
        #expect(results.allSatisfy { $0.computeSeconds >= 0.009 && $0.trajectorySteps == 3 })
        #expect(results.allSatisfy { $0.starvedSeconds == 0 })
        #expect(zip(results, results.dropFirst()).allSatisfy { $0.finishedAt <= $1.finishedAt })
        #expect(executor.pendingTaskIDs.isEmpty)
        #expect(executor.takeFinished().isEmpty)
    }

    @Test("time with nothing queued between two tasks is reported as starvation")
    func starvation() throws {
        let (executor, finished) = Self.sleepingExecutor(seconds: 0)
        defer { executor.stop() }
        executor.submit(taskID: 0, task: SweepTask(icIndex: 0, etaIndex: 0))
        try #require(finished.wait(timeout: .now() + 5) == .success)
        Thread.sleep(forTimeInterval: 0.05)
        executor.submit(taskID: 1, task: SweepTask(icIndex: 1, etaIndex: 0))
        try #require(finished.wait(timeout: .now() + 5) == .success)
        let results = executor.takeFinished()
        #expect(results.map(\.taskID) == [0, 1])
        #expect(results[0].starvedSeconds == 0)
        #expect(results[1].starvedSeconds >= 0.04)
    }
}
