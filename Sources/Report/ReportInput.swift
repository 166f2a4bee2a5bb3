import Analysis
import Foundation
import Sweep

/// Everything a report is drawn from: the run's provenance, one analysis (fits and λ table) and a few
/// example results whose curves are plotted.
///
/// The CLI reads it from the results database; the Report module itself does no database I/O.
public struct ReportInput: Sendable {
    /// The run's validated sweep.
    public var definition: SweepDefinition
    /// The sweep text the run computed (the file's, with any override written in).
    public var sweepText: String
    /// The command-line values that replaced the sweep file's (`--ics`); empty for the file as written.
    public var overrides: SweepOverrides
    /// The hash of the canonical definition.
    public var sweepHash: String
    /// The lyapsweep version that computed the run.
    public var runSoftwareVersion: String
    /// The lyapsweep version writing the report.
    public var reportSoftwareVersion: String
    /// The git commit of the lyapsweep writing the report, or "unknown".
    public var gitCommit: String
    /// When the run was created and finished (seconds since 1970).
    public var createdAt: Double
    /// When the run finished, nil if it has not.
    public var finishedAt: Double?
    /// The workers that took part.
    public var workers: [ReportWorker]
    /// Tasks done, out of ``SweepDefinition/ensemble`` ics × η count.
    public var doneTasks: Int
    /// The analysis shown.
    public var analysis: ReportAnalysis
    /// The other analyses stored with the run, for the index.
    public var otherAnalyses: [ReportAnalysis]
    /// The per-(η, IC, ε) fits of the analysis shown.
    public var fits: [ICFit]
    /// A few results whose divergence and loss curves are drawn (any order); with their diagnostics, if any,
    /// whose individual curves are drawn too.
    public var examples: [TaskResult]
    /// The diagnostics aggregated per η across ICs (``DiagnosticsTable``); empty when the run computed none.
    public var diagnostics: [DiagnosticsRow]
    /// The onset search's η, brackets and η_c as the run decided them; nil for a sweep without one.
    public var onset: OnsetState? = nil

    /// Creates the input; see the properties for meanings.
    public init(definition: SweepDefinition, sweepText: String, sweepHash: String, runSoftwareVersion: String,
                reportSoftwareVersion: String, gitCommit: String, createdAt: Double, finishedAt: Double?,
                workers: [ReportWorker], doneTasks: Int, analysis: ReportAnalysis, otherAnalyses: [ReportAnalysis],
                fits: [ICFit], examples: [TaskResult], diagnostics: [DiagnosticsRow] = [],
                overrides: SweepOverrides = SweepOverrides()) {
        self.definition = definition
        self.overrides = overrides
        self.sweepText = sweepText
        self.sweepHash = sweepHash
        self.runSoftwareVersion = runSoftwareVersion
        self.reportSoftwareVersion = reportSoftwareVersion
        self.gitCommit = gitCommit
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.workers = workers
        self.doneTasks = doneTasks
        self.analysis = analysis
        self.otherAnalyses = otherAnalyses
        self.fits = fits
        self.examples = examples
        self.diagnostics = diagnostics
    }

    /// What `lyapsweep report` prints once the report is written: the analysis shown, any override, where it is.
    public func summary(filesWritten: Int, folder: String) -> String {
        var lines = ["analysis #\(analysis.id): \(analysis.ruleText)"]
        if !overrides.isEmpty { lines.append("overrides: \(overrides.summary)") }
        lines.append("wrote \(filesWritten) files; open \((folder as NSString).appendingPathComponent("index.html"))")
        return lines.joined(separator: "\n")
    }

    /// The kernel variants the workers ran, for the provenance (``ReportWorker/kernelVariants(of:)``).
    public var kernelVariants: String { ReportWorker.kernelVariants(of: workers) }

    /// Whether the run has diagnostics to report (some η has ICs with stored diagnostics).
    public var hasDiagnostics: Bool { diagnostics.contains { $0.ics > 0 } }

    /// Trajectory-steps of the done tasks: per task (t₀ + T + 1) for the reference plus (T + 1) per copy.
    public var trajectorySteps: Int {
        let spec = definition.ensembleSpec
        return doneTasks * (spec.perturbAt + (spec.steps + 1) * spec.trajectoryCount)
    }

    /// λ_nMLE per (η, ε) under the analysis shown: its filter, bootstrap and histogram settings.
    public var rows: [LambdaRow] {
        var analysed = definition
        analysed.fit = analysis.fit
        var table = LambdaTable(definition: analysed)
        table.add(fits)
        return table.rows()
    }

    /// The ICs whose curves a report draws: the first `count` of every η.
    public static func exampleICs(count: Int, of definition: SweepDefinition) -> [SweepTask] {
        definition.training.etas.indices.flatMap { eta in
            (0..<min(count, definition.ensemble.ics)).map { SweepTask(icIndex: $0, etaIndex: eta) }
        }
    }
}

/// A worker process group as a report lists it.
public struct ReportWorker: Sendable {
    /// Its host name.
    public var host: String
    /// Worker processes it stood for.
    public var processes: Int
    /// Results it delivered.
    public var tasksDone: Int
    /// The kernel variant its processes ran (`avx512`, `avx2`, `portable`); empty when it did not say.
    public var kernelVariant: String

    /// Creates a worker entry.
    public init(host: String, processes: Int, tasksDone: Int, kernelVariant: String = "") {
        self.host = host
        self.processes = processes
        self.tasksDone = tasksDone
        self.kernelVariant = kernelVariant
    }

    /// The kernel variants `workers` ran: each with its worker processes and tasks, most tasks first, e.g.
    /// "avx512 (4 worker processes, 380 tasks); avx2 (1 worker process, 20 tasks)". Workers that did not say
    /// (a lyapsweep from before workers said it) are counted as "not recorded".
    public static func kernelVariants(of workers: [ReportWorker]) -> String {
        guard !workers.isEmpty else { return "no workers recorded" }
        let groups = Dictionary(grouping: workers) { $0.kernelVariant.isEmpty ? "not recorded" : $0.kernelVariant }
        return groups.map { variant, workers in
            (variant: variant, processes: workers.reduce(0) { $0 + $1.processes }, tasks: workers.reduce(0) { $0 + $1.tasksDone })
        }
        .sorted { ($0.tasks, $1.variant) > ($1.tasks, $0.variant) }
        .map { "\($0.variant) (\($0.processes) worker process\($0.processes == 1 ? "" : "es"), \($0.tasks) task\($0.tasks == 1 ? "" : "s"))" }
        .joined(separator: "; ")
    }
}

/// An analysis of the stored curves as a report names it.
public struct ReportAnalysis: Sendable {
    /// 0 for the run's own fits, else the re-fit's id.
    public var id: Int
    /// A one-line summary.
    public var description: String
    /// The window rule and filter.
    public var fit: SweepDefinition.FitSection

    /// Creates an analysis entry.
    public init(id: Int, description: String, fit: SweepDefinition.FitSection) {
        self.id = id
        self.description = description
        self.fit = fit
    }

    /// The window rule and filter in words, e.g. "grid window (start 0…100 step 5, length 30…100 step 5); keep R² > 0.9, Λ > 0.05".
    public var ruleText: String {
        let window: String
        switch fit.window {
        case .grid(let g):
            window = "grid window (start \(g.startMin)…\(g.startMax) step \(g.startStep), length \(g.lengthMin)…\(g.lengthMax) step \(g.lengthStep))"
        case .anchored(let a):
            window = "anchored window (t_a = 0, t_b \(a.endMin)…\(a.endMax) step \(a.endStep))"
        case .fixed(let start, let end):
            window = "fixed window \(start) ≤ t ≤ \(end)"
        }
        return "\(window); keep R² > \(fit.filter.minRSquared), Λ > \(fit.filter.minLambda)"
    }
}
