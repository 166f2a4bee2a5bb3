import Foundation
import Store
import Sweep

/// The file format of exported curves.
public enum CurveFormat: String, CaseIterable, Sendable {
    /// `curves.csv`: one line per curve, its description then its points.
    case csv
    /// `curves.npy` (the points, a NumPy array) and `curves-index.csv` (one line describing each row).
    case npy
}

/// `lyapsweep export`: every stored mean-distance curve ⟨d⟩(t), one per (η, IC, ε), with the fit of one analysis
/// (its window, Λ, R², verdict), in files any tool reads. docs/DATA.md describes the files and the database.
///
/// Each curve is described by the columns `analysis_id, task_id, eta_index, eta, ic, epsilon_index, epsilon,
/// points, diverged_at, lambda, intercept, r_squared, window_start, window_length, verdict` (empty cells where a
/// value does not exist, e.g. no fit). `points` is T + 1, or s for a curve whose ensemble diverged at step s.
/// Numbers are written in their shortest round-trip decimal form (`nan`, `inf`, `-inf` included), so parsing them
/// back as Float64 gives the stored bits; the `.npy` file holds the bits themselves, rows padded with NaN past
/// `points`. Rows are in (η, IC, ε) order.
public enum CurveExport {
    /// The description columns, in order.
    public static let columns = [
        "analysis_id", "task_id", "eta_index", "eta", "ic", "epsilon_index", "epsilon", "points", "diverged_at", "lambda",
        "intercept", "r_squared", "window_start", "window_length", "verdict",
    ]

    /// Writes the curves of the run in `store` into `folder` and returns the paths written.
    ///
    /// - Parameters:
    ///   - analysisID: The analysis whose fits describe the curves: 0 for the run's own, a refit's id, nil for the
    ///     latest (as `report`).
    /// - Throws: ``StoreError`` if the database holds no run or no such analysis; a file-system error.
    public static func write(store: ResultStore, analysisID: Int?, format: CurveFormat, to folder: String) throws -> [String] {
        let definition = try store.definition()
        let analyses = try store.analyses()
        let chosen = analysisID ?? analyses.last?.id ?? 0
        guard analyses.contains(where: { $0.id == chosen }) else {
            throw StoreError("no analysis \(chosen) in \(store.path); there are \(analyses.map { "\($0.id)" }.joined(separator: ", "))")
        }
        let fits = Dictionary(try store.fits(analysisID: chosen).map { ([$0.etaIndex, $0.icIndex, $0.epsilonIndex], $0) },
                              uniquingKeysWith: { first, _ in first })
        let icCount = definition.ensemble.ics
        let maxPoints = definition.training.steps + 1
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let describe = { (curve: StoredCurve) -> [String] in
            let task = SweepTask(id: curve.taskID, icCount: icCount)
            let fit = fits[[task.etaIndex, task.icIndex, curve.epsilonIndex]]
            return ["\(chosen)", "\(curve.taskID)", "\(task.etaIndex)", "\(definition.training.etas[task.etaIndex])", "\(task.icIndex)",
                    "\(curve.epsilonIndex)", "\(curve.epsilon)", "\(curve.meanDistance.count)", cell(curve.divergedAt),
                    cell(fit?.fit?.lambda), cell(fit?.fit?.intercept), cell(fit?.fit?.rSquared), cell(fit?.fit?.window.start),
                    cell(fit?.fit?.window.length), fit?.verdict.rawValue ?? ""]
        }
        switch format {
        case .csv:
            let path = (folder as NSString).appendingPathComponent("curves.csv")
            var lines = LineFile(path: path)
            try lines.start((columns + (0..<maxPoints).map { "d_\($0)" }).joined(separator: ","))
            try store.forEachMeanCurve { curve in
                let points = curve.meanDistance.map { "\($0)" } + Array(repeating: "", count: maxPoints - curve.meanDistance.count)
                try lines.append((describe(curve) + points).joined(separator: ","))
            }
            try lines.close()
            return [path]
        case .npy:
            let arrayPath = (folder as NSString).appendingPathComponent("curves.npy")
            let indexPath = (folder as NSString).appendingPathComponent("curves-index.csv")
            var array = try NumpyArrayFile(path: arrayPath, rows: try store.curveCount(), columns: maxPoints)
            var index = LineFile(path: indexPath)
            try index.start(columns.joined(separator: ","))
            try store.forEachMeanCurve { curve in
                try array.append(curve.meanDistance)
                try index.append(describe(curve).joined(separator: ","))
            }
            try array.close()
            try index.close()
            return [arrayPath, indexPath]
        }
    }

    /// `lyapsweep export`: writes the curves of the database at `database` into `folder` (default: `export/` beside
    /// the database) and returns what to print and the exit status; errors are printed on standard error.
    public static func run(database: String, format: CurveFormat, analysisID: Int?, folder: String?) -> (output: String?, status: ExitStatus) {
        guard FileManager.default.fileExists(atPath: database) else {
            printError("lyapsweep export: no database at \(database)")
            return (nil, .databaseUnavailable)
        }
        do {
            let store = try ResultStore(path: database, mode: .readOnly)
            defer { try? store.close() }
            let out = folder ?? ((database as NSString).deletingLastPathComponent as NSString).appendingPathComponent("export")
            let written = try write(store: store, analysisID: analysisID, format: format, to: out)
            return ("wrote " + written.joined(separator: ", ") + " (layout: docs/DATA.md)", .success)
        } catch let error as StoreError {
            printError("lyapsweep export: \(error)")
            return (nil, .databaseUnavailable)
        } catch {
            printError("lyapsweep export: \(error)")
            return (nil, .failure)
        }
    }

    private static func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    private static func cell(_ value: Int?) -> String { value.map { "\($0)" } ?? "" }
}

/// A text file written line by line through a buffer.
struct LineFile {
    let path: String
    private var handle: FileHandle?
    private var buffer = ""

    init(path: String) { self.path = path }

    /// Creates (or truncates) the file and writes its first line.
    mutating func start(_ line: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try append(line)
    }

    /// Adds a line (flushed once 1 MiB is buffered).
    mutating func append(_ line: String) throws {
        buffer += line + "\n"
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered and closes the file.
    mutating func close() throws {
        try flush()
        try handle?.close()
    }

    private mutating func flush() throws {
        try handle?.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }
}

/// An export that could not be completed.
public struct CurveExportError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}
