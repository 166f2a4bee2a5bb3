import Foundation
import Report
import Store
import Sweep

/// Builds what a report shows from a run's database: the chosen analysis, its fits, example curves,
/// diagnostics and the provenance.
public enum ReportAssembly {
    /// Reads what a report needs from the store.
    ///
    /// - Parameters:
    ///   - store: The run's database.
    ///   - analysisID: The analysis to show: 0 for the run's own fits, a refit's id, or nil for the latest.
    ///   - exampleICs: Initial conditions per η whose curves are drawn.
    /// - Throws: ``StoreError`` if the database holds no run or no such analysis.
    public static func input(store: ResultStore, analysisID: Int?, exampleICs: Int) throws -> ReportInput {
        guard let run = try store.run() else { throw StoreError("\(store.path) holds no run") }
        let definition = try store.definition()
        let analyses = try store.analyses()
        let chosenID = analysisID ?? analyses.last?.id ?? 0
        guard let chosen = analyses.first(where: { $0.id == chosenID }) else {
            throw StoreError("no analysis \(chosenID) in \(store.path); there are \(analyses.map { "\($0.id)" }.joined(separator: ", "))")
        }
        let icCount = definition.icCapacity
        let exampleIDs = ReportInput.exampleICs(count: exampleICs, of: definition).map(definition.id(of:))
        var diagnostics = DiagnosticsTable(etas: definition.training.etas, perturbAt: definition.training.perturbAt,
                                           matchedSteps: definition.ensembleHorizon)
        try store.forEachDiagnostics(icCount: icCount) { task, values in diagnostics.add(task: task, diagnostics: values) }
        let report = { (analysis: StoredAnalysis) in
            ReportAnalysis(id: analysis.id, description: analysis.description, fit: analysis.fit)
        }
        var input = ReportInput(
            definition: definition, sweepText: run.sweepText, sweepHash: run.sweepHash,
            runSoftwareVersion: run.softwareVersion, reportSoftwareVersion: LyapsweepVersion.current, gitCommit: BuildInfo.commit,
            createdAt: run.createdAt, finishedAt: run.finishedAt,
            workers: try store.workers().map {
                ReportWorker(host: $0.host, processes: $0.processes, tasksDone: $0.tasksDone, kernelVariant: $0.kernelVariant)
            },
            doneTasks: try store.doneTaskCount(), analysis: report(chosen),
            otherAnalyses: analyses.filter { $0.id != chosen.id }.map(report),
            fits: try store.fits(analysisID: chosen.id), examples: try store.results(icCount: icCount, taskIDs: exampleIDs),
            // Of an onset search's lattice, only the η it computed have diagnostics.
            diagnostics: diagnostics.isEmpty ? [] : diagnostics.rows().filter { definition.training.onset == nil || $0.ics > 0 },
            overrides: run.overrides)
        if definition.training.onset != nil {
            // The search decided on the run's own fits, whichever analysis is shown.
            input.onset = OnsetPlan(definition: definition, tasks: try store.allTasks(), fits: try store.fits())?.state()
        }
        return input
    }
}
