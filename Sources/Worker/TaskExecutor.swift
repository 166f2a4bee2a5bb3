import Dynamics
import Foundation
import Sweep
import Synchronization

/// Computes tasks one at a time on a thread of its own, so the worker's network loop keeps heartbeating.
///
/// Finished results are collected in a locked outbox; after adding each one the compute thread calls
/// `onFinished` (the worker rings its network loop's ``WakeupSignal``), and the network loop takes them with
/// ``takeFinished()`` at once. The running task's trajectory-steps are counted in a ``StepProgress`` the
/// kernel advances every lockstep step, so heartbeats can say how far a long task is. No socket is touched
/// here: ZeroMQ sockets stay on the network thread.
final class TaskExecutor: Sendable {
    /// A finished task: its id, result, compute time and trajectory-steps, and when it finished.
    struct Finished: Sendable {
        var taskID: Int
        var result: TaskResult
        var computeSeconds: Double
        var trajectorySteps: Int
        /// When the compute thread finished it, in ``monotonicSeconds()``.
        var finishedAt: Double
        /// How long the compute thread sat with nothing queued before starting it, in seconds (0 for the
        /// first task, and when the task was queued before the previous one finished).
        var starvedSeconds: Double
    }

    private struct State {
        var inbox: [(Int, SweepTask)] = []
        var outbox: [Finished] = []
        var running: Int?
        var stopped = false
        /// When the last task finished with nothing queued behind it; nil while busy or before any task.
        var idleSince: Double?
    }

    private let compute: @Sendable (SweepTask, StepProgress) -> TaskResult
    private let onFinished: @Sendable () -> Void
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stepProgress = StepProgress()

    /// Starts the compute thread for a sweep.
    ///
    /// - Parameter onFinished: Called on the compute thread after each finished task is in the outbox.
    /// - Parameter crashNote: Where to record the task being computed, for the supervisor of this process.
    convenience init(context: SweepContext, crashNote: CrashNote? = nil, onFinished: @escaping @Sendable () -> Void) {
        let definition = context.definition
        self.init(compute: { task, progress in
            crashNote?.computing(definition.id(of: task))
            defer { crashNote?.computing(nil) }
            CrashSwitch.crashIfAsked(taskID: definition.id(of: task))
            return context.run(task, progress: progress)
        }, onFinished: onFinished)
    }

    /// Starts the compute thread with any computation (tests pass one that takes a known time).
    ///
    /// - Parameters:
    ///   - compute: Computes one task, advancing the progress counter as it goes.
    ///   - onFinished: Called on the compute thread after each finished task is in the outbox.
    init(compute: @escaping @Sendable (SweepTask, StepProgress) -> TaskResult, onFinished: @escaping @Sendable () -> Void) {
        self.compute = compute
        self.onFinished = onFinished
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

    /// Stops the thread after the current task.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func work() {
        while true {
            wake.wait()
            while let (next, starved) = state.withLock({ state -> ((Int, SweepTask), Double)? in
                guard !state.stopped, !state.inbox.isEmpty else { return nil }
                let next = state.inbox.removeFirst()
                state.running = next.0
                defer { state.idleSince = nil }
                return (next, state.idleSince.map { max(0, monotonicSeconds() - $0) } ?? 0)
            }) {
                stepProgress.reset()
                let started = monotonicSeconds()
                let result = compute(next.1, stepProgress)
                let finishedAt = monotonicSeconds()
                state.withLock {
                    $0.outbox.append(Finished(
                        taskID: next.0, result: result, computeSeconds: finishedAt - started,
                        trajectorySteps: stepProgress.trajectorySteps, finishedAt: finishedAt, starvedSeconds: starved))
                    $0.running = nil
                    if $0.inbox.isEmpty { $0.idleSince = finishedAt }
                }
                onFinished()
            }
            if state.withLock({ $0.stopped }) { return }
        }
    }
}
