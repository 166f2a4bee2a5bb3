import ArgumentParser
import Foundation
import Report
import Runtime
import Store

/// `lyapsweep report`: tables, SVG figures and an index.html from a results database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write tables, SVG figures and index.html from a results database.",
        discussion: """
            Reads only the database (no workers, nothing recomputed). The analysis shown is the latest one \
            (`lyapsweep refit` adds analyses; 0 is the run's own fits) unless --analysis names another. The git \
            commit shown is the one this lyapsweep was built from (`lyapsweep --version`); a run records its \
            lyapsweep version.
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
        let store = try ResultStore(path: database, mode: .readOnly)
        defer { try? store.close() }
        let input = try ReportAssembly.input(store: store, analysisID: analysis, exampleICs: exampleICs)
        let folder = out ?? ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("report")
        let written = try ReportWriter.write(input, to: folder)
        print(input.summary(filesWritten: written.count, folder: folder))
    }
}
