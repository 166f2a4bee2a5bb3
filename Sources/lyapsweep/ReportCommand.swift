import ArgumentParser
import Foundation
import Report
import Store
import Sweep

/// `lyapsweep report`: tables, SVG figures and an index.html from a results database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write tables, SVG figures and index.html from a results database.",
        discussion: """
            Reads only the database (no workers, nothing recomputed). The analysis shown is the latest one \
            (`lyapsweep refit` adds analyses; 0 is the run's own fits) unless --analysis names another. The git \
            commit shown is that of the lyapsweep writing the report: $LYAPSWEEP_GIT_COMMIT if set, else `git rev-parse` \
            in the folder of the executable, else "unknown" (a run records its lyapsweep version, not a commit).
            """
    )

    @Argument(help: "The results database (SQLite) written by `lyapsweep run` or `coordinator`.", completion: .file(extensions: ["sqlite"]))
    var database: String

    @Option(help: "Folder to write the report into. (default: report/ next to the database)")
    var out: String?

    @Option(help: "The analysis to show: 0 for the run's own fits, or a refit's id. (default: the latest)")
    var analysis: Int?

    @Option(help: "Initial conditions per η whose ln⟨d⟩(t) and loss curves are drawn (0…100).")
    var exampleICs = 4

    func validate() throws {
        guard (0...100).contains(exampleICs) else { throw ValidationError("--example-ics is \(exampleICs); allowed: 0…100") }
        if let analysis, analysis < 0 { throw ValidationError("--analysis is \(analysis); allowed: 0 (the run's own fits) or a refit's id") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else {
            throw ValidationError("no database at \(database)")
        }
        let store = try ResultStore(path: database)
        defer { try? store.close() }
        let input = try Self.input(store: store, analysisID: analysis, exampleICs: exampleICs)
        let folder = out ?? ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report")
        let written = try ReportWriter.write(input, to: folder)
        print("analysis #\(input.analysis.id): \(input.analysis.ruleText)")
        print("wrote \(written.count) files; open \((folder as NSString).appendingPathComponent("index.html"))")
    }

    /// Reads what a report needs from the store.
    static func input(store: ResultStore, analysisID: Int?, exampleICs: Int) throws -> ReportInput {
        guard let run = try store.run() else { throw ValidationError("\(store.path) holds no run") }
        let definition = try store.definition()
        let analyses = try store.analyses()
        let chosenID = analysisID ?? analyses.last?.id ?? 0
        guard let chosen = analyses.first(where: { $0.id == chosenID }) else {
            throw ValidationError("no analysis \(chosenID) in \(store.path); there are \(analyses.map { "\($0.id)" }.joined(separator: ", "))")
        }
        let icCount = definition.ensemble.ics
        let exampleIDs = ReportInput.exampleICs(count: exampleICs, of: definition).map { $0.id(icCount: icCount) }
        var diagnostics = DiagnosticsTable(etas: definition.training.etas)
        try store.forEachDiagnostics(icCount: icCount) { task, values in diagnostics.add(task: task, diagnostics: values) }
        let report = { (analysis: StoredAnalysis) in
            ReportAnalysis(id: analysis.id, description: analysis.description, fit: analysis.fit)
        }
        return ReportInput(
            definition: definition, sweepText: run.sweepText, sweepHash: run.sweepHash,
            runSoftwareVersion: run.softwareVersion, reportSoftwareVersion: LyapsweepVersion.current, gitCommit: gitCommit(),
            createdAt: run.createdAt, finishedAt: run.finishedAt,
            workers: try store.workers().map { ReportWorker(host: $0.host, processes: $0.processes, tasksDone: $0.tasksDone) },
            doneTasks: try store.doneTaskCount(), analysis: report(chosen),
            otherAnalyses: analyses.filter { $0.id != chosen.id }.map(report),
            fits: try store.fits(analysisID: chosen.id), examples: try store.results(icCount: icCount, taskIDs: exampleIDs),
            diagnostics: diagnostics.isEmpty ? [] : diagnostics.rows())
    }

    /// $LYAPSWEEP_GIT_COMMIT, else the commit of the checkout holding this executable (with "-dirty" if
    /// it has uncommitted changes), else "unknown".
    static func gitCommit() -> String {
        if let commit = ProcessInfo.processInfo.environment["LYAPSWEEP_GIT_COMMIT"], !commit.isEmpty { return commit }
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        guard let head = git(["-C", folder, "rev-parse", "HEAD"]), !head.isEmpty else { return "unknown" }
        let dirty = git(["-C", folder, "status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return head + (dirty ? "-dirty" : "")
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
