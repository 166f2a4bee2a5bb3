import Coordinator
import Foundation
import Logging
import Report
import ServiceLifecycle
import Store
import Sweep

/// Where a session's sweep, database and tables are, and what to do with failed tasks.
public struct SweepSource: Sendable {
    /// The sweep file (TOML).
    public var sweepFile: String
    /// The results database; default ``SweepSession/defaultDatabase(of:)``.
    public var database: String?
    /// The folder of the CSV/JSON tables; default the database's folder.
    public var outputFolder: String?
    /// Initial conditions per η instead of the file's `ics` (checked against the same limits).
    public var ics: Int?
    /// Make the tasks a previous session gave up pending again.
    public var retryFailed: Bool

    /// Creates a source.
    public init(sweepFile: String, database: String? = nil, outputFolder: String? = nil, ics: Int? = nil, retryFailed: Bool = false) {
        self.sweepFile = sweepFile
        self.database = database
        self.outputFolder = outputFolder
        self.ics = ics
        self.retryFailed = retryFailed
    }
}

/// What `run` and `coordinator` share: open the sweep and its database (held by this process alone), run the
/// coordinator with its companions as one service group, and publish the results from the database.
public final class SweepSession: Sendable {
    /// The validated sweep.
    public let sweep: LoadedSweep
    /// The sweep ready to compute (its dataset loaded).
    public let context: SweepContext
    /// The run's database, written by this process alone while the session lives.
    public let store: ResultStore
    /// Where the tables go.
    public let outputFolder: String
    /// Tasks a previous session had finished when this one opened the database.
    public let doneBefore: Int
    /// Tasks made pending again by ``SweepSource/retryFailed``.
    public let retried: Int
    private let started = ContinuousClock.now

    /// Loads and validates the sweep, opens (or resumes) its database and takes its writer lock.
    ///
    /// - Throws: ``SessionError`` with kind ``SessionError/Kind/invalidSweep`` (every problem as FILE:LINE: FIELD:
    ///   MESSAGE) or ``SessionError/Kind/database`` (cannot open, in use by another coordinator, another sweep).
    public init(_ source: SweepSource) throws(SessionError) {
        var sweep: LoadedSweep
        do {
            sweep = try SweepFile.load(path: source.sweepFile)
            if let ics = source.ics { sweep = try sweep.overriding(ics: ics) }
            context = try SweepContext(sweep)
        } catch let error as SweepFileError {
            throw SessionError(.invalidSweep, error.description)
        } catch {
            throw SessionError(.invalidSweep, "\(source.sweepFile): \(error)")
        }
        self.sweep = sweep
        let path = source.database ?? Self.defaultDatabase(of: sweep)
        do {
            store = try ResultStore(path: path, lockingFor: CommandLine.arguments.joined(separator: " "))
            try store.beginRun(sweep: sweep, tasks: sweep.definition.tasks, softwareVersion: LyapsweepVersion.current)
            retried = source.retryFailed ? try store.retryFailed() : 0
            doneBefore = try store.taskIDs(state: .done).count
            try store.beginSession(host: ProcessInfo.processInfo.hostName, pid: Int(getpid()))
        } catch let error as StoreError {
            throw SessionError(.database, error.description)
        } catch {
            throw SessionError(.database, "\(path): \(error)")
        }
        let folder = source.outputFolder ?? (path as NSString).deletingLastPathComponent
        outputFolder = folder.isEmpty ? "." : folder
    }

    /// The database a sweep uses when none is given: `results/<sweep name>/results.sqlite`, or with overrides
    /// `results/<sweep name><suffix>/results.sqlite` (e.g. `results/quickstart-ics10/`), so that a quick look
    /// with `--ics` never meets the results of the file's own run.
    public static func defaultDatabase(of sweep: LoadedSweep) -> String {
        "results/\(sweep.definition.name)\(sweep.overrides.folderSuffix)/results.sqlite"
    }

    /// What a person should know about the database before the run starts: that it resumes, and what it retries.
    public var openingNote: String? {
        var notes: [String] = []
        // An adaptive sweep has more tasks than it started with: count those recorded.
        let recorded = (try? store.taskCounts().values.reduce(0, +)) ?? sweep.definition.taskCount
        if doneBefore > 0 { notes.append("resuming \(store.path): \(doneBefore) of \(recorded) tasks already done") }
        if retried > 0 { notes.append("\(retried) failed tasks are computed again (--retry-failed)") }
        return notes.isEmpty ? nil : "lyapsweep: " + notes.joined(separator: "; ")
    }

    /// The line `run` prints as it starts: the sweep (with its overrides), its size, the database, and the endpoint
    /// `lyapsweep status --connect` reaches while it runs.
    public func startNote(workerProcesses: Int, endpoint: String) -> String {
        let overrides = sweep.overrides.isEmpty ? "" : " (\(sweep.overrides.summary))"
        return "lyapsweep: \(sweep.definition.name)\(overrides): \(context.tasks.count) tasks, \(context.trajectoryStepsPerTask) "
            + "trajectory-steps each, on \(workerProcesses) worker processes; database \(store.path); "
            + "live status: lyapsweep status --connect \(endpoint)"
    }

    /// Tasks not yet done or failed.
    public func remainingTasks() throws -> Int { try store.taskIDs(state: .pending).count }

    /// A coordinator for this session; with a dashboard, its metrics go to the dashboard's registry.
    public func makeCoordinator(configuration: CoordinatorConfiguration, logger: Logger, dashboard: SessionDashboard? = nil) -> Coordinator {
        Coordinator(sweep: sweep, store: store, configuration: configuration, logger: logger, metrics: dashboard?.metrics)
    }

    /// Runs the coordinator, the local workers (if any), the dashboard (if any) and the progress line as one
    /// service group, until the sweep is complete or SIGINT/SIGTERM asks for a graceful stop.
    ///
    /// - Returns: the coordinator's final counts.
    /// - Throws: the coordinator's error (e.g. the endpoint cannot be bound), a dashboard that cannot listen.
    public func run(
        _ coordinator: Coordinator, workers: WorkerPool? = nil, dashboard: SessionDashboard? = nil, showProgress: Bool,
        logger: Logger
    ) async throws -> CoordinatorSummary {
        let broker = CoordinatorService(coordinator)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: broker, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let workers {
            services.append(.init(service: workers, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let dashboard {
            services.append(.init(service: DashboardService(dashboard, coordinator: coordinator),
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        services.append(.init(service: ProgressService(board: coordinator.statusBoard, line: ProgressLine(enabled: showProgress))))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(20) + (dashboard?.linger ?? .zero)
        try await ServiceGroup(configuration: configuration).run()
        return try broker.summary()
    }

    /// The λ_nMLE table of every stored result, computed from the database (never from what a session counted).
    public func lambdaRows() throws -> [LambdaRow] {
        var table = LambdaTable(definition: sweep.definition)
        table.add(try store.fits())
        return table.rows()
    }

    /// The onset search's state from the database; nil for a sweep without one.
    public func onsetState() throws -> OnsetState? {
        guard sweep.definition.training.onset != nil else { return nil }
        return OnsetPlan(definition: sweep.definition, tasks: try store.allTasks(), fits: try store.fits())?.state()
    }

    /// Writes the result files from the database and returns the text to print: the λ table (of a complete sweep
    /// only: a stopped one's is mostly empty rows) and a summary.
    public func publish(_ summary: CoordinatorSummary) throws -> String {
        // The session's time is its computing: up to here, not the λ table's bootstrap and the files below.
        let seconds = (ContinuousClock.now - started).seconds
        let rows = try lambdaRows()
        try ResultFiles.write(rows: rows, fits: try store.fits(), sweepText: sweep.effectiveText, analysisID: 0, to: outputFolder)
        let progress = summary.progress
        var lines = summary.complete ? [LambdaTableText.render(rows), ""] : []
        if let search = try onsetState() {
            lines += [search.text(), "  cost: \(progress.done) tasks × \(sweep.definition.trajectoryStepsPerTask) = "
                + "\(progress.done * sweep.definition.trajectoryStepsPerTask) trajectory-steps", ""]
        }
        lines += [
            String(format: "%d/%d tasks done%@ · %d trajectory-steps this session in %.1f s (%.0f trajectory-steps/s)",
                   progress.done, progress.total, progress.failed > 0 ? ", \(progress.failed) FAILED" : "",
                   progress.trajectorySteps, seconds, Double(progress.trajectorySteps) / max(seconds, 1e-9)),
        ]
        if progress.rejectedFrames > 0 {
            lines.append("rejected frames: " + summary.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
        }
        lines.append("database: \(store.path)")
        lines.append("results: \(outputFolder)")
        return lines.joined(separator: "\n")
    }

    /// Closes the database (folding its write-ahead log into the file).
    public func close() throws { try store.close() }
}

/// Why a session could not start or finish; ``kind`` tells the command which exit status to use.
public struct SessionError: Error, CustomStringConvertible, Sendable {
    /// The class of problem.
    public enum Kind: Sendable {
        /// The sweep file or an override is invalid.
        case invalidSweep
        /// The database cannot be opened, is another sweep's, or another coordinator holds it.
        case database
        /// The dashboard cannot be served.
        case dashboard
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong and what to do.
    public var description: String

    /// Creates an error.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
