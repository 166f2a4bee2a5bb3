import Analysis
import ArgumentParser
import Foundation
import Report
import Store
import Sweep

/// `lyapsweep refit`: a new analysis of the stored curves under another window rule or filter, without recomputing.
struct RefitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refit",
        abstract: "Fit Λ again from the stored curves with another window rule or filter; no workers, nothing recomputed.",
        discussion: """
            Reads every stored ln⟨d⟩(t) curve, fits it with --window, filters with --min-r2/--min-lambda (each defaults to \
            the run's own setting), stores the fits as a new analysis with its parameters, and prints the λ_nMLE table. \
            `lyapsweep report` then shows the latest analysis. Windows: best-r2 or grid (start 0…100 step 5 × length \
            30…100 step 5, first of highest R²), anchored (t_a = 0, t_b 10…200, highest R², ties to the longer), \
            fixed:TA:TB (TA ≤ t ≤ TB, GD steps).
            """
    )

    @Argument(help: "The results database (SQLite).", completion: .file(extensions: ["sqlite"]))
    var database: String

    @Option(help: "best-r2 | grid | anchored | fixed:TA:TB. (default: the run's own rule)")
    var window: WindowArgument?

    @Option(name: .customLong("min-r2"), help: "Keep Λ only if R² exceeds this. (default: the run's)")
    var minR2: Double?

    @Option(help: "Keep Λ only if it exceeds this, per GD step. (default: the run's)")
    var minLambda: Double?

    func validate() throws {
        if let minR2, !(minR2.isFinite && (0...1).contains(minR2)) {
            throw ValidationError("--min-r2 is \(minR2); allowed: a number in [0, 1]")
        }
        if let minLambda, !minLambda.isFinite {
            throw ValidationError("--min-lambda is \(minLambda); allowed: a finite number")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else { throw ValidationError("no database at \(database)") }
        let started = Date()
        let store = try ResultStore(path: database)
        defer { try? store.close() }
        let definition = try store.definition()
        var fit = definition.fit
        if let window { fit.window = window.rule }
        if let minR2 { fit.filter.minRSquared = minR2 }
        if let minLambda { fit.filter.minLambda = minLambda }
        let results = try store.results(icCount: definition.ensemble.ics)
        let fits = ICFit.refits(of: results, definition: definition, fit: fit)
        let summary = "refit --window \(window?.text ?? "(the run's)") --min-r2 \(fit.filter.minRSquared) --min-lambda \(fit.filter.minLambda)"
        let id = try store.saveAnalysis(fit: fit, description: summary, fits: fits, softwareVersion: LyapsweepVersion.current)
        var analysed = definition
        analysed.fit = fit
        var table = LambdaTable(definition: analysed)
        table.add(fits)
        print(LambdaTableText.render(table.rows()))
        print(String(format: "\nanalysis #%d: %@ — %d curves of %d tasks re-fitted in %.2f s; `lyapsweep report %@` shows it",
                     id, ReportAnalysis(id: id, description: summary, fit: fit).ruleText, fits.count, results.count,
                     Date().timeIntervalSince(started), database))
    }
}

/// A `--window` value: `best-r2`, `grid`, `anchored` or `fixed:TA:TB`.
struct WindowArgument: ExpressibleByArgument {
    /// The rule.
    let rule: WindowRule
    /// The text given.
    let text: String

    init?(argument: String) {
        text = argument
        switch argument {
        case "best-r2", "grid":
            rule = .grid(GridWindowSearch())
        case "anchored":
            rule = .anchored(AnchoredWindowSearch())
        default:
            let parts = argument.split(separator: ":")
            guard parts.count == 3, parts[0] == "fixed", let start = Int(parts[1]), let end = Int(parts[2]),
                  start >= 0, end >= start + 2 else { return nil }
            rule = .fixed(start: start, end: end)
        }
    }

    static var allValueStrings: [String] { ["best-r2", "grid", "anchored", "fixed:TA:TB"] }
}
