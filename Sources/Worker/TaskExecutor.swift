import Dynamics
import Foundation
import Sweep
import Synchronization

/// Computes tasks one at a time on a thread of its own, so the worker's network loop keeps heartbeating.
///
/// Finished results are collected in a locked outbox that the network loop drains each poll cycle. The running
/// task's trajectory-steps are counted in a ``StepProgress`` the kernel advances every lockstep step, so
/// heartbeats can say how far a long task is.
final class TaskExecutor: Sendable {
    /// A finished task: its id, result, compute time and trajectory-steps.
    struct Finished: Sendable {
        var taskID: Int
        var result: TaskResult
        var computeSeconds: Double
        var trajectorySteps: Int
    }

    private struct State {
        var inbox: [(Int, SweepTask)] = []
        var outbox: [Finished] = []
        var running: Int?
        var stopped = false
    }

    private let context: SweepContext
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stepProgress = StepProgress()

    /// Starts the compute thread for a sweep.
    init(context: SweepContext) {
        self.context = context
        let thread = Thread { [self] in self.work() }
        thread.name = "lyapsweep-compute"
        thread.start()
    }

    /// Queues a task.
    func submit(taskID: Int, task: SweepTask) {
        state.withLock { $0.inbox.append((taskID, task)) }
        wake.signal()
    }

    /// Takes the results finished since the last call.
    func takeFinished() -> [Finished] {
        state.withLock { state in
            defer { state.outbox = [] }
            return state.outbox
        }
    }

    /// Ids of the tasks queued or computing.
    var pendingTaskIDs: [Int] {
        state.withLock { ($0.running.map { [$0] } ?? []) + $0.inbox.map(\.0) }
    }

    /// Trajectory-steps done so far in the task computing now; 0 when idle.
    var stepsInRunningTask: Int {
        state.withLock { $0.running == nil ? 0 : stepProgress.trajectorySteps }
    }

    /// Whether a task id is queued or computing (a re-sent TASK is not computed twice).
    func holds(_ taskID: Int) -> Bool { pendingTaskIDs.contains(taskID) }

    /// Stops the thread after the current task.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func work() {
        while true {
            wake.wait()
            while let next = state.withLock({ state -> (Int, SweepTask)? in
                guard !state.stopped, !state.inbox.isEmpty else { return nil }
                let next = state.inbox.removeFirst()
                state.running = next.0
                return next
            }) {
                stepProgress.reset()
                let started = DispatchTime.now().uptimeNanoseconds
                let result = context.run(next.1, progress: stepProgress)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                state.withLock {
                    $0.outbox.append(Finished(
                        taskID: next.0, result: result, computeSeconds: seconds, trajectorySteps: stepProgress.trajectorySteps))
                    $0.running = nil
                }
            }
            if state.withLock({ $0.stopped }) { return }
        }
    }
}
