import Foundation
import ServiceLifecycle
import Synchronization
import Worker

/// Local worker processes: `lyapsweep worker … --processes 1` children of this process, supervised as one
/// service of the run's ``ServiceGroup``.
///
/// Each child runs in a numbered slot with an id of its own (`HOST-PID-SLOT-GENERATION`) and a crash note file in
/// which it records the task it is computing. When a child dies of a crash signal (SIGSEGV, SIGBUS, SIGILL,
/// SIGTRAP, SIGABRT, SIGFPE) while computing a task, the pool starts its successor with `--report-crash`, and the
/// successor tells the coordinator which task crashed which worker: a crash counts against the task, a kill does not.
/// A child that exits is started again, with back-off (0.1 s doubling to 5 s, reset after a child lived 30 s), as
/// long as ``Policy/respawn`` says so. On graceful shutdown every child gets SIGTERM, and SIGKILL after the grace time.
public final class WorkerPool: Service, Sendable {
    /// When the pool starts a child again.
    public struct Policy: Sendable {
        /// Whether to start a child again after it exited with this status (or signal); called on any thread.
        public var respawn: @Sendable (ProcessExit) -> Bool
        /// How long children get to exit after SIGTERM before SIGKILL.
        public var grace: Duration
        /// Whether the children's work is done (the sweep is complete): then the pool, its children gone, waits
        /// for the service group to end instead of ending it.
        public var workIsDone: @Sendable () -> Bool

        /// Creates a policy.
        public init(grace: Duration = .seconds(5), workIsDone: @escaping @Sendable () -> Bool = { false },
                    respawn: @escaping @Sendable (ProcessExit) -> Bool) {
            self.respawn = respawn
            self.grace = grace
            self.workIsDone = workIsDone
        }
    }

    /// How a child ended.
    public enum ProcessExit: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)

        /// Whether the signal is one a crash raises (not one a person or a scheduler sends).
        public var isCrash: Bool {
            guard case .signalled(let signal) = self else { return false }
            return [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE].contains(signal)
        }
    }

    private struct Slot {
        var process: Process?
        var generation = 0
        var failuresInARow = 0
        var startedAt = ContinuousClock.now
    }

    private struct State {
        var slots: [Slot]
        var stopping = false
        var exits: [ProcessExit] = []
        var running = 0
    }

    private let arguments: [String]
    private let policy: Policy
    private let crashFolder: String
    private let state: Mutex<State>
    private let allExited = AsyncStream<Void>.makeStream()

    /// Prepares `count` children running this executable with `arguments` plus `--id`, `--crash-file` and, after a
    /// crash, `--report-crash`; nothing starts until ``run()``.
    public init(count: Int, arguments: [String], policy: Policy) {
        self.arguments = arguments
        self.policy = policy
        crashFolder = NSTemporaryDirectory() + "lyapsweep-crash-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        state = Mutex(State(slots: Array(repeating: Slot(), count: count)))
    }

    /// Process ids of the running children.
    public var pids: [Int32] {
        state.withLock { $0.slots.compactMap { $0.process?.isRunning == true ? $0.process?.processIdentifier : nil } }
    }

    /// How every child that ended so far ended.
    public var exits: [ProcessExit] { state.withLock { $0.exits } }

    /// Starts the children and supervises them until graceful shutdown (or until every child has ended for good).
    public func run() async throws {
        try FileManager.default.createDirectory(atPath: crashFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: crashFolder) }
        let slots = state.withLock { $0.slots.count }
        for slot in 0..<slots { try spawn(slot: slot, reportingCrash: nil) }
        await withGracefulShutdownHandler {
            for await _ in allExited.stream { break }
        } onGracefulShutdown: { [self] in
            terminateAll()
        }
        await stop()
        if policy.workIsDone() { try? await gracefulShutdown() }
    }

    /// Sends SIGTERM to every child, waits up to the grace time, then kills the rest.
    func stop() async {
        terminateAll()
        let deadline = ContinuousClock.now + policy.grace
        while state.withLock({ $0.running }) > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for pid in pids { kill(pid, SIGKILL) }
        while state.withLock({ $0.running }) > 0 { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Sends SIGTERM to every child still running; no child starts again afterwards.
    public func terminateAll() {
        let running = state.withLock { state -> [Process] in
            state.stopping = true
            return state.slots.compactMap(\.process).filter(\.isRunning)
        }
        for process in running { process.terminate() }
    }

    private func crashFile(slot: Int) -> String { crashFolder + "/slot-\(slot)" }

    private func spawn(slot: Int, reportingCrash crash: String?) throws {
        let generation = state.withLock { state -> Int in
            state.slots[slot].generation += 1
            return state.slots[slot].generation
        }
        let id = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(slot)-\(generation)"
        try? FileManager.default.removeItem(atPath: crashFile(slot: slot))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments + ["--id", id, "--crash-file", crashFile(slot: slot)] + (crash.map { ["--report-crash", $0] } ?? [])
        process.terminationHandler = { [self] process in ended(slot: slot, id: id, process: process) }
        // On a terminal the workers' messages go above the progress line, whole lines at a time; elsewhere they
        // write to the inherited standard error directly.
        if standardErrorIsTerminal { process.standardError = LinesAboveStatusLine.pipe() }
        state.withLock {
            $0.slots[slot].process = process
            $0.slots[slot].startedAt = .now
            $0.running += 1
        }
        do {
            try process.run()
        } catch {
            state.withLock { $0.running -= 1 }
            throw error
        }
    }

    private func ended(slot: Int, id: String, process: Process) {
        let exit: ProcessExit = process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        let crashedTask = exit.isCrash ? CrashNote.read(path: crashFile(slot: slot)) : nil
        let delay = state.withLock { state -> Duration? in
            state.exits.append(exit)
            state.running -= 1
            guard !state.stopping, policy.respawn(exit) else { return nil }
            var record = state.slots[slot]
            record.failuresInARow = ContinuousClock.now - record.startedAt > .seconds(30) ? 0 : record.failuresInARow + 1
            state.slots[slot] = record
            return .milliseconds(100) * (1 << min(record.failuresInARow, 6))
        }
        if let delay {
            let report = crashedTask.map { "\(id):\($0):\(exit.signalName)" }
            Task { [self] in
                try? await Task.sleep(for: min(delay, .seconds(5)))
                guard !state.withLock({ $0.stopping }) else { return finishIfIdle() }
                do { try spawn(slot: slot, reportingCrash: report) } catch { finishIfIdle() }
            }
        } else {
            finishIfIdle()
        }
    }

    private func finishIfIdle() {
        if state.withLock({ $0.running == 0 }) { allExited.continuation.yield() }
    }
}

extension WorkerPool.ProcessExit {
    /// The signal's name (`SIGSEGV`), or `exit N`.
    public var signalName: String {
        switch self {
        case .exited(let status): return "exit \(status)"
        case .signalled(let signal):
            let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
                                          SIGABRT: "SIGABRT", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT"]
            return names[signal] ?? "signal \(signal)"
        }
    }
}
