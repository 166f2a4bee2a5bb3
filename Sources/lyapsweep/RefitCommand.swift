import ArgumentParser
import Runtime

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
    var window: WindowChoice?

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
        do {
            print(try Refit(window: window, minRSquared: minR2, minLambda: minLambda).run(database: database))
        } catch {
            printError("lyapsweep refit: \(error)")
            throw ExitStatus.databaseUnavailable.exitCode
        }
    }
}

/// A `--window` value: `best-r2`, `grid`, `anchored` or `fixed:TA:TB`.
extension WindowChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { forms }
}
