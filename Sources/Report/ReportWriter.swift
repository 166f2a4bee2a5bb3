import Foundation
import Sweep

/// Writes a complete report into a folder: the CSV/JSON tables of ``ResultFiles``, every SVG of
/// ``Figures`` and an `index.html` that shows them with their provenance; for a run with diagnostics
/// also their tables and figures, in a "Diagnostics" section of the index.
public enum ReportWriter {
    /// Writes the report and returns the paths written.
    ///
    /// - Throws: a file-system error if the folder cannot be created or a file written.
    @discardableResult
    public static func write(_ input: ReportInput, to directory: String) throws -> [String] {
        let rows = input.rows
        var tables = try ResultFiles.write(
            rows: rows, fits: input.fits, sweepText: input.sweepText, analysisID: input.analysis.id, to: directory)
        let diagnosticTables = input.hasDiagnostics
            ? try ResultFiles.writeDiagnostics(
                input.diagnostics, lambda: rows, fits: input.fits, analysisID: input.analysis.id, to: directory) : []
        tables += diagnosticTables
        let figures = Figures.all(input)
        let diagnosticFigures = Figures.diagnostics(input)
        var written = tables
        for figure in figures + diagnosticFigures {
            let path = (directory as NSString).appendingPathComponent(figure.fileName)
            try Data(figure.svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        let index = HTMLIndex.render(input, figures: figures, diagnosticFigures: diagnosticFigures,
                                     tableFiles: tables.map { ($0 as NSString).lastPathComponent })
        let indexPath = (directory as NSString).appendingPathComponent("index.html")
        try Data(index.utf8).write(to: URL(fileURLWithPath: indexPath), options: .atomic)
        return written + [indexPath]
    }
}
