import Dispatch
import Foundation
import Synchronization

/// Runs blocking work on a thread of its own and awaits its result, keeping the cooperative pool free.
func runOnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Calls a handler when SIGINT or SIGTERM arrives (SLURM and Kubernetes send SIGTERM before SIGKILL).
final class SignalTrap: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Traps SIGINT and SIGTERM until ``cancel()``; a second signal exits at once.
    init(_ handler: @escaping @Sendable () -> Void) {
        let count = Atomic<Int>(0)
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.add(1, ordering: .relaxed).newValue > 1 { exit(130) }
                handler()
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Local worker processes: `lyapsweep worker …` children of this process, cleaned up on every exit path.
final class WorkerPool: Sendable {
    private struct State {
        var processes: [Process] = []
        var respawnsLeft: Int
        var stopping = false
        var statuses: [Int32] = []
    }

    private let arguments: [String]
    private let state: Mutex<State>
    private let finished = DispatchGroup()

    /// Starts `count` children running this executable with `arguments`.
    ///
    /// - Parameter respawn: restart a child that exits abnormally (up to `count` times in all), so a crashed
    ///   worker does not leave the sweep without workers.
    init(count: Int, arguments: [String], respawn: Bool) throws {
        self.arguments = arguments
        state = Mutex(State(respawnsLeft: respawn ? count : 0))
        for _ in 0..<count { try spawn() }
    }

    /// Process ids of the running children.
    var pids: [Int32] { state.withLock { $0.processes.filter(\.isRunning).map(\.processIdentifier) } }

    private func spawn() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        finished.enter()
        process.terminationHandler = { [self] process in
            let status = process.terminationStatus
            let respawn = state.withLock { state -> Bool in
                state.statuses.append(status)
                guard !state.stopping, status != 0, state.respawnsLeft > 0 else { return false }
                state.respawnsLeft -= 1
                return true
            }
            if respawn { try? spawn() }
            finished.leave()
        }
        try process.run()
        state.withLock { $0.processes.append(process) }
    }

    /// Sends SIGTERM to every child still running.
    func terminateAll() {
        let running = state.withLock { state -> [Process] in
            state.stopping = true
            return state.processes.filter(\.isRunning)
        }
        for process in running { process.terminate() }
    }

    /// Waits for every child to exit; returns their exit statuses.
    func waitForAll() async -> [Int32] {
        await withCheckedContinuation { continuation in
            finished.notify(queue: .global()) { continuation.resume() }
        }
        return state.withLock { $0.statuses }
    }

    /// Waits up to `seconds` for the children to exit, then kills the rest.
    func stop(graceSeconds seconds: Double) {
        state.withLock { $0.stopping = true }
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            terminateAll()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                for pid in pids { kill(pid, SIGKILL) }
            }
        }
    }
}
