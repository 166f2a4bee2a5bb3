import Foundation
import Report
import Store
import Sweep

/// A small sweep computed in this process and stored in a fresh database, as a run would leave it.
struct Fixture {
    static let sweepText = """
        name = "fixture"
        seed = 7
        [training]
        eta = [1.0, 2.0]
        steps = 60
        [ensemble]
        ics = 3
        members = 2
        epsilon = [1e-10, 1e-4]
        [fit]
        grid_start_max = 20
        grid_length_min = 10
        grid_length_max = 40
        """

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
    init() throws {
        directory = NSTemporaryDirectory() + "lyapsweep-report-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (sweep, results) = Self.computed
        definition = sweep.definition
        self.results = results
        store = try ResultStore(path: directory + "/results.sqlite")
        try store.beginRun(sweep: sweep, tasks: results.map(\.task), softwareVersion: "test")
        try store.registerWorker(id: "w1", host: "testhost", pid: 1, processes: 1)
        for result in results {
            try store.storeResult(result, taskID: result.task.id(icCount: definition.ensemble.ics), workerID: "w1",
                                  fits: ICFit.fits(of: result, definition: definition), computeSeconds: 0.01)
        }
        try store.finishRun()
    }

    /// The report input of analysis `analysisID` (default: the run's own), read back from the store.
    func input(analysisID: Int = 0) throws -> ReportInput {
        let run = try store.run()!
        let analysis = try store.analyses().first { $0.id == analysisID }!
        let exampleIDs = ReportInput.exampleICs(count: 2, of: definition).map { $0.id(icCount: definition.ensemble.ics) }
        return ReportInput(
            definition: definition, sweepText: run.sweepText, sweepHash: run.sweepHash, runSoftwareVersion: run.softwareVersion,
            reportSoftwareVersion: "test", gitCommit: "unknown", createdAt: run.createdAt, finishedAt: run.finishedAt,
            workers: try store.workers().map { ReportWorker(host: $0.host, processes: $0.processes, tasksDone: $0.tasksDone) },
            doneTasks: try store.doneTaskCount(),
            analysis: ReportAnalysis(id: analysis.id, description: analysis.description, fit: analysis.fit), otherAnalyses: [],
            fits: try store.fits(analysisID: analysisID),
            examples: try store.results(icCount: definition.ensemble.ics, taskIDs: exampleIDs))
    }
}
