import Foundation
import Sweep

/// The live state of a coordinator: what `lyapsweep status --connect` prints and the dashboard shows.
///
/// Built on the broker thread (for a STATUS_REQUEST, and for the ``StatusBoard`` at most every 250 ms) and
/// read anywhere; it is a plain value, so readers never touch the broker's state.
public struct CoordinatorStatus: Sendable, Codable, Equatable {
    /// The sweep's name.
    public var sweepName: String
    /// The endpoint the coordinator listens on.
    public var endpoint: String
    /// Whether the coordinator listens in plaintext on a network address (`--insecure`).
    public var insecure: Bool
    /// Seconds since the coordinator started listening.
    public var elapsedSeconds: Double
    /// Trajectory-steps of one task (all trajectories of one IC at one η).
    public var stepsPerTask: Int
    /// A worker silent this long, in seconds, is dead.
    public var livenessSeconds: Double
    /// Task counts, throughput counters and workers alive.
    public var progress: CoordinatorProgress
    /// Every worker of this session: connected ones first, then those that died or left, each sorted by id.
    public var workers: [WorkerStatus]
    /// Frames dropped by validation, by reason.
    public var rejectedFrames: [String: Int]
    /// Workers left out of ``workers`` to keep the reply small (a status reply lists at most 200).
    public var workersNotShown = 0
    /// An adaptive sweep's rows against its precision target; nil for a sweep of fixed size.
    public var precision: PrecisionState? = nil
    /// An onset search's η, brackets and η_c; nil for a sweep without one.
    public var onset: OnsetState? = nil
    /// The command-line values that replaced the sweep file's (`--ics`); empty for the file as written.
    public var overrides = SweepOverrides()

    /// Creates a status value.
    public init(
        sweepName: String, endpoint: String, insecure: Bool, elapsedSeconds: Double, stepsPerTask: Int,
        livenessSeconds: Double, progress: CoordinatorProgress, workers: [WorkerStatus], rejectedFrames: [String: Int]
    ) {
        self.sweepName = sweepName
        self.endpoint = endpoint
        self.insecure = insecure
        self.elapsedSeconds = elapsedSeconds
        self.stepsPerTask = stepsPerTask
        self.livenessSeconds = livenessSeconds
        self.progress = progress
        self.workers = workers
        self.rejectedFrames = rejectedFrames
    }

    /// Trajectory-steps done in this session: stored results plus the steps inside running tasks (from heartbeats).
    public var trajectoryStepsIncludingRunning: Int { progress.trajectorySteps + progress.stepsInProgress }

    /// Seconds until the sweep is done at this session's average rate; nil before anything was computed.
    ///
    /// The rate counts trajectory-steps, including those inside running tasks, so the estimate moves while long
    /// tasks compute. 0 when nothing is left.
    public var etaSeconds: Double? {
        let remainingTasks = progress.total - progress.done - progress.failed
        guard remainingTasks > 0 else { return 0 }
        let steps = Double(trajectoryStepsIncludingRunning)
        guard steps > 0, elapsedSeconds > 0 else { return nil }
        let remainingSteps = max(0, Double(remainingTasks * stepsPerTask - progress.stepsInProgress))
        return remainingSteps / (steps / elapsedSeconds)
    }

    /// The status as compact JSON with sorted keys (the STATUS_REPLY payload).
    public func json() -> String {
        (try? sortedJSON(self)) ?? "{}"
    }
}

/// One worker as the coordinator sees it.
public struct WorkerStatus: Sendable, Codable, Equatable {
    /// Whether a worker is heard from, late, declared dead, or has left.
    public enum State: String, Sendable, Codable {
        /// Heard from within two heartbeat intervals.
        case alive
        /// Connected but silent for more than two heartbeat intervals (not yet past the liveness window).
        case stale
        /// Silent past the liveness window: its tasks were re-queued.
        case dead
        /// Told to shut down at the end of the sweep.
        case gone
    }

    /// The worker's id (its ZeroMQ identity).
    public var id: String
    /// Its host name.
    public var host: String
    /// Its process id on that host.
    public var pid: Int
    /// Alive, stale, dead or gone.
    public var state: State
    /// Ids of the tasks it holds (computing or queued on it).
    public var inFlight: [Int]
    /// Results it returned in this session.
    public var tasksDone: Int
    /// Mean compute time of those results, in seconds; nil before the first.
    public var meanTaskSeconds: Double?
    /// Seconds since its last message (its last heartbeat at the latest).
    public var silentSeconds: Double
    /// Trajectory-steps done inside its running task, from its last heartbeat.
    public var stepsInCurrentTask: Int
    /// Tasks re-queued when it was declared dead.
    public var requeued: [Int]

    /// Creates a worker row.
    public init(
        id: String, host: String, pid: Int, state: State, inFlight: [Int], tasksDone: Int, meanTaskSeconds: Double?,
        silentSeconds: Double, stepsInCurrentTask: Int, requeued: [Int]
    ) {
        self.id = id
        self.host = host
        self.pid = pid
        self.state = state
        self.inFlight = inFlight
        self.tasksDone = tasksDone
        self.meanTaskSeconds = meanTaskSeconds
        self.silentSeconds = silentSeconds
        self.stepsInCurrentTask = stepsInCurrentTask
        self.requeued = requeued
    }
}
