import Coordinator
import Foundation
import Report
import Sweep

/// Where a run stands, as the dashboard says it.
public enum RunState: String, Sendable, Codable {
    /// A coordinator is computing it (the page follows its events).
    case running
    /// Every task is done or failed.
    case finished
    /// Shown from its database with tasks left: it was interrupted (running the same command resumes it).
    case stopped
}

/// The body of `/api/progress` and of the `progress` server-sent event.
public struct ProgressPayload: Sendable, Codable, Equatable {
    /// The sweep's name.
    public var sweep: String
    /// All tasks, and those done, failed, running and pending.
    public var total: Int, done: Int, failed: Int, running: Int, pending: Int
    /// Done and failed over all tasks, in percent.
    public var percent: Double
    /// Seconds to the end at this session's rate; absent before the first trajectory-steps.
    public var etaSeconds: Double?
    /// Trajectory-steps per second since the coordinator started, counting steps inside running tasks.
    public var stepsPerSecond: Double
    /// Trajectory-steps of the results stored in this session.
    public var trajectorySteps: Int
    /// Trajectory-steps inside running tasks (from the workers' heartbeats).
    public var stepsInProgress: Int
    /// Workers alive, tasks re-queued, frames rejected.
    public var workersAlive: Int, retries: Int, rejectedFrames: Int
    /// Seconds since the coordinator started.
    public var elapsedSeconds: Double
    /// Whether the coordinator listens in plaintext on a network address (`--insecure`).
    public var insecure: Bool
    /// The coordinator's endpoint.
    public var endpoint: String
    /// Recent throughput samples, trajectory-steps per second, one per second, oldest first.
    public var throughput: [Double]
    /// Running, finished, or stopped before the end.
    public var state: RunState
    /// The database shown, for a read-only dashboard (`lyapsweep dashboard --db`); absent for a live run.
    public var database: String?
    /// The command-line values that replaced the sweep file's (`--ics`); empty for the file as written.
    public var overrides: SweepOverrides

    /// The payload of a status and a throughput history.
    ///
    /// - Parameters:
    ///   - status: The coordinator's status (live, or rebuilt from a database).
    ///   - throughput: Recent throughput samples.
    ///   - database: The database of a read-only dashboard, nil for a live run.
    public init(status: CoordinatorStatus, throughput: [Double], database: String? = nil) {
        let progress = status.progress
        sweep = status.sweepName
        total = progress.total
        done = progress.done
        failed = progress.failed
        running = progress.running
        pending = max(0, progress.total - progress.done - progress.failed - progress.running)
        percent = progress.total == 0 ? 100 : 100 * Double(progress.done + progress.failed) / Double(progress.total)
        etaSeconds = status.etaSeconds
        stepsPerSecond = status.elapsedSeconds > 0 ? Double(status.trajectoryStepsIncludingRunning) / status.elapsedSeconds : 0
        trajectorySteps = progress.trajectorySteps
        stepsInProgress = progress.stepsInProgress
        workersAlive = progress.workersAlive
        retries = progress.retries
        rejectedFrames = progress.rejectedFrames
        elapsedSeconds = status.elapsedSeconds
        insecure = status.insecure
        endpoint = status.endpoint
        self.throughput = throughput
        self.database = database
        state = progress.done + progress.failed >= progress.total ? .finished : (database == nil ? .running : .stopped)
        overrides = status.overrides
    }
}

/// The body of `/api/workers` and of the `workers` server-sent event.
public struct WorkersPayload: Sendable, Codable, Equatable {
    /// A worker silent this long, in seconds, is declared dead.
    public var livenessSeconds: Double
    /// Connected workers, then dead and departed ones.
    public var workers: [WorkerStatus]
}

/// The body of `/api/lambda` and of the `lambda` server-sent event: λ_nMLE(ε), one series per η, with what the
/// page needs to draw λ_nMLE(η), the kept fraction per η and the progress per η.
public struct LambdaPayload: Sendable, Codable, Equatable {
    /// The learning rates, one series each.
    public var etas: [Double]
    /// The perturbation sizes (the x axis, log scale).
    public var epsilons: [Double]
    /// Every (η, ε) cell, η-major; λ and its standard deviation are absent while no IC is kept.
    public var points: [LiveLambda.Point]
    /// Initial conditions per η (the total of each cell once the sweep is complete).
    public var icsPerEta: Int
    /// The ICs created so far for each η of ``etas``: `icsPerEta`, or, with a precision target, the η's prefix
    /// (the denominator of its progress bar).
    public var icsByEta: [Int]
    /// The colour of each η series: the report's map (a qualitative palette up to ten, an ordered hue sweep beyond).
    public var etaColors: [String]
    /// The colour of each ε series in the views over η, from the same map.
    public var epsilonColors: [String]

    /// An adaptive sweep's rows against its precision target; absent for a sweep of fixed size.
    public var precision: PrecisionState?
    /// An onset search's η, brackets and η_c; absent for a sweep without one.
    public var onset: OnsetState?

    /// The payload of a live λ table, with an adaptive sweep's rows against its target or its onset search (whose
    /// η are those it created, not its whole lattice).
    public init(_ lambda: LiveLambda, precision: PrecisionState? = nil, onset: OnsetState? = nil) {
        epsilons = lambda.epsilons
        points = lambda.points()
        let shown = lambda.searched ? Set(points.map(\.eta) + (onset?.points.map(\.eta) ?? [])).sorted() : lambda.etas
        etas = shown
        icsPerEta = lambda.icsPerEta
        let prefixes = Dictionary(precision?.rows.map { ($0.eta, $0.ics) } ?? [], uniquingKeysWith: max)
        icsByEta = shown.map { prefixes[$0] ?? lambda.icsPerEta }
        self.onset = onset
        etaColors = shown.indices.map { SVGPlot.color($0, of: shown.count) }
        epsilonColors = epsilons.indices.map { SVGPlot.color($0, of: lambda.epsilons.count) }
        self.precision = precision
    }
}

extension Encodable {
    /// Compact JSON with sorted keys (the feed's numbers are all finite).
    func dashboardJSON() -> String {
        (try? sortedJSON(self)) ?? "null"
    }
}
