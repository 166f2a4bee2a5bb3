import Analysis
import Foundation
import Report
import Store
import Sweep

/// A new analysis of a run's stored curves under another window rule or filter, without recomputing anything.
public struct Refit: Sendable {
    /// The window rule; nil keeps the run's.
    public var window: WindowChoice?
    /// Keep Λ only if R² exceeds this; nil keeps the run's.
    public var minRSquared: Double?
    /// Keep Λ only if it exceeds this, per GD step; nil keeps the run's.
    public var minLambda: Double?

    /// Creates a refit.
    public init(window: WindowChoice?, minRSquared: Double?, minLambda: Double?) {
        self.window = window
        self.minRSquared = minRSquared
        self.minLambda = minLambda
    }

    /// Fits every stored curve, stores the fits as a new analysis and returns the text to print: the λ table and
    /// which analysis it is.
    public func run(database: String) throws -> String {
        guard FileManager.default.fileExists(atPath: database) else { throw StoreError("no database at \(database)") }
        let started = ContinuousClock.now
        let store = try ResultStore(path: database)
        defer { try? store.close() }
        let definition = try store.definition()
        var fit = definition.fit
        if let window { fit.window = window.rule }
        if let minRSquared { fit.filter.minRSquared = minRSquared }
        if let minLambda { fit.filter.minLambda = minLambda }
        let results = try store.results(icCount: definition.icCapacity)
        let fits = ICFit.refits(of: results, definition: definition, fit: fit)
        let summary = "refit --window \(window?.text ?? "(the run's)") --min-r2 \(fit.filter.minRSquared) --min-lambda \(fit.filter.minLambda)"
        let id = try store.saveAnalysis(fit: fit, description: summary, fits: fits, softwareVersion: LyapsweepVersion.current)
        var analysed = definition
        analysed.fit = fit
        var table = LambdaTable(definition: analysed)
        table.add(fits)
        return LambdaTableText.render(table.rows()) + "\n"
            + String(format: "\nanalysis #%d: %@ — %d curves of %d tasks re-fitted in %.2f s; `lyapsweep report %@` shows it",
                     id, ReportAnalysis(id: id, description: summary, fit: fit).ruleText, fits.count, results.count,
                     (ContinuousClock.now - started).seconds, database)
    }
}

/// A window rule as a user writes it: `best-r2` (or `grid`), `anchored` or `fixed:TA:TB`.
public struct WindowChoice: Sendable {
    /// The rule.
    public let rule: WindowRule
    /// The text given.
    public let text: String

    /// The rule of `text`, or nil if it is none of the forms.
    public init?(_ text: String) {
        self.text = text
        switch text {
        case "best-r2", "grid":
            rule = .grid(GridWindowSearch())
        case "anchored":
            rule = .anchored(AnchoredWindowSearch())
        default:
            let parts = text.split(separator: ":")
            guard parts.count == 3, parts[0] == "fixed", let start = Int(parts[1]), let end = Int(parts[2]),
                  start >= 0, end >= start + 2 else { return nil }
            rule = .fixed(start: start, end: end)
        }
    }

    /// The forms, for help texts.
    public static let forms = ["best-r2", "grid", "anchored", "fixed:TA:TB"]
}
