import Analysis
import Diagnostics
import Foundation
import Report
import Store
import Sweep
import TestSupport

/// A small sweep computed in this process and stored in a fresh database, as a run would leave it.
struct Fixture {
    static let sweepText = SweepTexts.small(name: "fixture", seed: 7, eta: "[1.0, 2.0]", steps: 60, epsilon: "[1e-10, 1e-4]")

    /// The sweep and its results, computed once for all tests (the debug build computes slowly).
    static let computed: (sweep: LoadedSweep, results: [TaskResult]) = {
        let path = NSTemporaryDirectory() + "lyapsweep-fixture-\(UUID().uuidString.prefix(8)).toml"
        try! sweepText.write(toFile: path, atomically: true, encoding: .utf8)
        let sweep = try! SweepFile.load(path: path)
        let context = try! SweepContext(sweep)
        return (sweep, context.tasks.map { context.run($0) })
    }()

    let directory: String
    let store: ResultStore
    let definition: SweepDefinition
    let results: [TaskResult]

    /// A fresh database holding the computed results and fits, stored exactly as the coordinator stores them.
    ///
    /// - Parameter diagnostics: Store the sweep with a `[diagnostics]` table and each result with
    ///   ``synthetic(for:parameterCount:)`` diagnostics (the same ensembles: diagnostics do not change them).
    init(diagnostics: Bool = false) throws {
        directory = NSTemporaryDirectory() + "lyapsweep-report-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var (sweep, results) = Self.computed
        if diagnostics {
            sweep.text += Self.diagnosticsTable
            sweep.definition = try SweepFile.parse(text: sweep.text, path: sweep.path)
            let parameterCount = sweep.definition.architecture.parameterCount
            results = results.map { result in
                var result = result
                result.diagnostics = Self.synthetic(for: result, parameterCount: parameterCount)
                return result
            }
        }
        definition = sweep.definition
        self.results = results
        store = try ResultStore(path: directory + "/results.sqlite")
        try store.beginRun(sweep: sweep, tasks: results.map(\.task), softwareVersion: "test")
        try store.registerWorker(id: "w1", host: "testhost", pid: 1, processes: 1, kernelVariant: "avx2")
        for result in results {
            try store.storeResult(result, taskID: result.task.id(icCount: definition.ensemble.ics), workerID: "w1",
                                  fits: ICFit.fits(of: result, definition: definition), computeSeconds: 0.01)
        }
        try store.finishRun()
    }

    /// The `[diagnostics]` table of the fixture with diagnostics.
    static let diagnosticsTable = "\n" + SweepTexts.diagnosticsTable(acfLags: 20)

    /// Diagnostics of known shape for a result: λ̂(t) → −0.01·(IC + 1)·η, spectrum λ̂(T) − {0, 0.2, 0.5}, decaying
    /// ghost mass and gradient norm, the running mean of the reference loss, per-weight values, Kantz and ACF.
    static func synthetic(for result: TaskResult, parameterCount: Int) -> TrainingDiagnostics {
        let loss = result.ensemble.referenceLoss
        let steps = loss.count - 1
        let rate = -0.01 * Double(result.task.icIndex + 1) * result.eta
        let benettin = (1...steps).map { rate + 1 / Double($0) }
        var sum = 0.0
        let running = loss.enumerated().map { t, value in
            sum += value
            return sum / Double(t + 1)
        }
        let lags = 0...20
        return TrainingDiagnostics(
            benettin: benettin, spectrum: [0, 0.2, 0.5].map { benettin.last! - $0 },
            ghostMass: (0...steps).map { 0.4 * Foundation.exp(-0.05 * Double($0)) },
            gradientNorm: (0...steps).map { 2 / Double($0 + 1) }, runningMeanLoss: running,
            weightImportance: (0..<parameterCount).map { Double($0 % 7) * 0.01 },
            weightDisplacement: (0..<parameterCount).map { 0.1 + Double($0 % 5) * 0.1 },
            weightPathLength: (0..<parameterCount).map { 0.2 + Double($0 % 5) * 0.15 },
            kantz: KantzResult(divergence: (0...10).map { -5 + 0.1 * Double($0) }, exponent: 0.1,
                               pValue: result.task.icIndex == 0 ? 0.01 : 0.5),
            autocorrelation: lags.map { Foundation.pow(0.8, Double($0)) }, autocorrelationBand: lags.map { $0 == 0 ? 0 : 0.3 })
    }

    /// The report input of analysis `analysisID` (default: the run's own), read back from the store.
    func input(analysisID: Int = 0) throws -> ReportInput {
        let run = try store.run()!
        let analysis = try store.analyses().first { $0.id == analysisID }!
        let exampleIDs = ReportInput.exampleICs(count: 2, of: definition).map { $0.id(icCount: definition.ensemble.ics) }
        return ReportInput(
            definition: definition, sweepText: run.sweepText, sweepHash: run.sweepHash, runSoftwareVersion: run.softwareVersion,
            reportSoftwareVersion: "test", gitCommit: "unknown", createdAt: run.createdAt, finishedAt: run.finishedAt,
            workers: try store.workers().map {
                ReportWorker(host: $0.host, processes: $0.processes, tasksDone: $0.tasksDone, kernelVariant: $0.kernelVariant)
            },
            doneTasks: try store.doneTaskCount(),
            analysis: ReportAnalysis(id: analysis.id, description: analysis.description, fit: analysis.fit), otherAnalyses: [],
            fits: try store.fits(analysisID: analysisID),
            examples: try store.results(icCount: definition.ensemble.ics, taskIDs: exampleIDs),
            diagnostics: try diagnosticsRows())
    }

    /// The stored diagnostics aggregated per η, as `lyapsweep report` reads them; empty when there are none.
    func diagnosticsRows() throws -> [DiagnosticsRow] {
        var table = DiagnosticsTable(etas: definition.training.etas)
        try store.forEachDiagnostics(icCount: definition.ensemble.ics, batchSize: 2) { task, diagnostics in
            table.add(task: task, diagnostics: diagnostics)
        }
        return table.isEmpty ? [] : table.rows()
    }
}
