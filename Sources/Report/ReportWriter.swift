import Foundation
import Sweep

/// Writes a complete report into a folder: the CSV/JSON tables of ``ResultFiles``, every SVG of
/// ``Figures`` and an `index.html` that shows them with their provenance.
public enum ReportWriter {
    /// Writes the report and returns the paths written.
    ///
    /// - Throws: a file-system error if the folder cannot be created or a file written.
    @discardableResult
    public static func write(_ input: ReportInput, to directory: String) throws -> [String] {
        let tables = try ResultFiles.write(rows: input.rows, fits: input.fits, sweepText: input.sweepText, to: directory)
        let figures = Figures.all(input)
        var written = tables
        for figure in figures {
            let path = (directory as NSString).appendingPathComponent(figure.fileName)
            try Data(figure.svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        let index = HTMLIndex.render(input, figures: figures, tableFiles: tables.map { ($0 as NSString).lastPathComponent })
        let indexPath = (directory as NSString).appendingPathComponent("index.html")
        try Data(index.utf8).write(to: URL(fileURLWithPath: indexPath), options: .atomic)
        return written + [indexPath]
    }
}
