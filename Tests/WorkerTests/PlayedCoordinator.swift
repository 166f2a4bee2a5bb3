import Foundation
import Logging
import Synchronization
import Wire
import ZeroMQ
@testable import Worker

/// A sweep of tiny tasks on Iris (one ε, M = 1, fixed fit window); task id k is IC k at the only η.
/// The defaults, a [4, 10, 3] network and T = 10, make tasks well under a millisecond.
func tinySweep(layers: [Int] = [4, 10, 3], steps: Int = 10) -> String {
    """
    name = "tiny"
    seed = 5
    [data]
    dataset = "iris"
    [model]
    layers = \(layers)
    [training]
    eta = [1.0]
    steps = \(steps)
    [ensemble]
    ics = 1000000
    members = 1
    epsilon = [1e-8]
    [fit]
    window = "fixed"
    fixed_start = 0
    fixed_end = \(steps)
    """
}

/// Monotonic seconds for the tests' own clocks.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// A coordinator played by a test: a ROUTER on an ephemeral loopback port that exchanges the real wire messages
/// with one worker, and optionally delays everything it sends to model a slow network.
final class PlayedCoordinator {
    let context: Context
    let router: Socket
    /// Where workers connect.
    let endpoint: String
    private let poller = Poller()
    /// Messages held back by the modelled network delay: when each may leave, and its frames.
    private var delayed: [(due: Double, frames: [[UInt8]])] = []
    /// Seconds every outgoing message is held back (one-way network delay).
    var oneWayDelay = 0.0

    init() throws {
        context = try Context()
        router = try context.makeSocket(.router)
        try router.setLinger(milliseconds: 0)
        try router.bind("tcp://127.0.0.1:*")
        endpoint = try router.lastEndpoint
        poller.register(router, for: .readable)
    }

    deinit {
        router.close()
    }

    /// Sends a message to the worker `identity`, after ``oneWayDelay``.
    func send(_ message: WireMessage, to identity: [UInt8]) throws {
        let frames = [identity] + WireCodec.encode(message)
        if oneWayDelay > 0 {
            delayed.append((now() + oneWayDelay, frames))
        } else {
            try router.send(frames)
        }
    }

    /// The next message from a worker, or nil after `timeout` seconds; sends delayed messages as they fall due.
    func receive(timeout: Double) throws -> (identity: [UInt8], message: WireMessage)? {
        let deadline = now() + timeout
        while true {
            let current = now()
            while let first = delayed.first, first.due <= current {
                try router.send(first.frames)
                delayed.removeFirst()
            }
            if let frames = try router.receive(dontWait: true) {
                return (frames[0], try WireCodec.decode(Array(frames.dropFirst())))
            }
            guard current < deadline else { return nil }
            let until = min(deadline, delayed.first?.due ?? deadline)
            _ = try poller.poll(timeout: max(0, Int(((until - current) * 1000).rounded(.up))))
        }
    }

    /// Sends every delayed message as it falls due; what the worker sends meanwhile is dropped.
    func flush() throws {
        while let last = delayed.last {
            _ = try receive(timeout: last.due - now() + 0.001)
        }
    }

    /// Receives until a message `matching` arrives within `timeout` seconds, skipping heartbeats and READYs.
    func expect<T>(timeout: Double = 10, _ matching: (WireMessage) -> T?) throws -> (identity: [UInt8], value: T)? {
        let deadline = now() + timeout
        while let (identity, message) = try receive(timeout: max(0, deadline - now())) {
            if let value = matching(message) { return (identity, value) }
        }
        return nil
    }

    /// Waits for the worker's HELLO and answers WELCOME with `sweep`; returns the worker's identity.
    func welcomeWorker(sweep: String = tinySweep(), timeout: Double = 10) throws -> [UInt8]? {
        guard let (identity, _) = try expect(timeout: timeout, { if case .hello(let hello) = $0 { hello } else { nil } }) else {
            return nil
        }
        try welcome(identity, sweep: sweep)
        return identity
    }

    /// Sends WELCOME with `sweep` (heartbeats every second, liveness 5 s).
    func welcome(_ identity: [UInt8], sweep: String = tinySweep()) throws {
        try send(.welcome(Welcome(
            runID: "test-run", sweepName: "tiny", sweepText: sweep, sweepHash: String(sweep.hashValue),
            heartbeatIntervalMilliseconds: 1000, livenessMilliseconds: 5000)), to: identity)
    }

    /// A TASK for task id `id` (IC `id` at the only η).
    static func task(_ id: Int, acknowledging acknowledged: [Int] = []) -> WireMessage {
        .task(TaskAssignment(taskID: id, task: .init(icIndex: id, etaIndex: 0), leaseMilliseconds: 5000, acknowledgedTaskIDs: acknowledged))
    }
}

/// What ``PlayedCoordinator/serve(_:taskCount:maximumPerWorker:)`` saw.
struct ServedSweep {
    /// Every RESULT received, in order of arrival.
    var results: [ResultReport] = []
    /// Per result: seconds from its TASK being sent to its RESULT arriving, minus the compute time it reports.
    var overheads: [Double] = []
    /// The credits of every request for tasks: each READY, and each RESULT that asked for any.
    var readyCredits: [Int] = []
    /// The most tasks the worker held at once (sent, no result yet).
    var largestInFlight = 0
    /// Seconds from the WELCOME to the last result.
    var elapsed = 0.0
}

extension PlayedCoordinator {
    /// Plays a coordinator's credit flow through a sweep of `taskCount` tiny tasks, as the real one does:
    /// a READY, or the credits a RESULT carries, add credits, at most `maximumPerWorker` minus what the worker
    /// holds; each credit buys one TASK; each RESULT is acknowledged at once (after ``oneWayDelay``), by an ACK or,
    /// when `acknowledgeWithTasks`, by the next TASK. Ends with SHUTDOWN.
    func serve(_ identity: [UInt8], taskCount: Int, maximumPerWorker: Int, acknowledgeWithTasks: Bool = false,
               timeout: Double = 60) throws -> ServedSweep {
        var served = ServedSweep()
        var credits = 0
        var inFlight: [Int: Double] = [:]
        var owed: [Int] = []
        var next = 0
        let started = now()
        while served.results.count < taskCount, now() - started < timeout {
            while credits > 0, inFlight.count < maximumPerWorker, next < taskCount {
                let carried = Array(owed.prefix(TaskAssignment.maxAcknowledgedTaskIDs))
                owed.removeFirst(carried.count)
                try send(Self.task(next, acknowledging: carried), to: identity)
                inFlight[next] = now()
                next += 1
                credits -= 1
                served.largestInFlight = max(served.largestInFlight, inFlight.count)
            }
            if next == taskCount {
                for id in owed { try send(.ack(Ack(taskID: id)), to: identity) }
                owed.removeAll()
            }
            guard let (_, message) = try receive(timeout: 1) else { continue }
            switch message {
            case .ready(let ready):
                served.readyCredits.append(ready.credits)
                credits = max(0, min(credits + ready.credits, maximumPerWorker - inFlight.count))
            case .result(let report):
                if let sentAt = inFlight.removeValue(forKey: report.taskID) {
                    served.overheads.append(now() - sentAt - report.computeSeconds)
                }
                served.results.append(report)
                if report.credits > 0 {
                    served.readyCredits.append(report.credits)
                    credits = max(0, min(credits + report.credits, maximumPerWorker - inFlight.count))
                }
                if acknowledgeWithTasks && next < taskCount {
                    owed.append(report.taskID)
                } else {
                    try send(.ack(Ack(taskID: report.taskID)), to: identity)
                }
            default:
                break
            }
        }
        served.elapsed = now() - started
        try send(.shutdown(Shutdown(reason: "sweep complete")), to: identity)
        try flush()
        return served
    }
}

/// A ``WorkerProcess`` running on a thread of its own.
final class RunningWorker: Sendable {
    let process: WorkerProcess
    private let exit = Mutex<Result<WorkerExit, any Error>?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts a worker connecting to `endpoint`.
    init(endpoint: String, tasksInFlight: Int = 2, maximumTasksInFlight: Int = 64) {
        process = WorkerProcess(
            configuration: WorkerConfiguration(
                endpoint: endpoint, workerID: "test-worker-\(UUID().uuidString.prefix(8))", tasksInFlight: tasksInFlight,
                maximumTasksInFlight: maximumTasksInFlight, giveUpAfterSeconds: 30, protocolVersion: WireProtocol.version),
            logger: Logger(label: "worker-test"))
        let thread = Thread { [self] in
            let outcome = Result { try self.process.run() }
            self.exit.withLock { $0 = outcome }
            self.exited.signal()
        }
        thread.start()
    }

    /// How the worker's run ended, or nil if it is still running after `timeout` seconds.
    func waitForExit(timeout: Double = 10) throws -> WorkerExit? {
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()
        return try exit.withLock { $0 }?.get()
    }
}
