import ArgumentParser
import Runtime

/// `lyapsweep export`: a run's stored curves with their fits, as CSV or NumPy files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every stored ⟨d⟩(t) curve, one per (η, IC, ε), with its fit window, as CSV or NumPy.",
        discussion: "Values are the stored Float64 bits (CSV in shortest round-trip form). Layout and a pandas snippet: docs/DATA.md.")

    @Argument(help: "The run's database (SQLite).", completion: .file(extensions: ["sqlite"])) var database: String
    @Option(help: "csv (curves.csv) or npy (curves.npy and curves-index.csv).") var curves: CurveFormat
    @Option(help: "Folder to write into. (default: export/ beside the database)") var out: String?
    @Option(help: "The analysis whose fits describe the curves: 0 for the run's own, a refit's id. (default: the latest)") var analysis: Int?
    func run() throws {
        let (output, status) = CurveExport.run(database: database, format: curves, analysisID: analysis, folder: out)
        if let output { print(output) }
        if status != .success { throw status.exitCode }
    }
}

extension CurveFormat: ExpressibleByArgument {}
