import Analysis
import Foundation
import Sweep

/// Renders λ_nMLE rows as the aligned plain-text table `run` prints.
///
/// Columns: η, ε (`→ 0` for the tangent row), ICs kept/total, λ_nMLE, population std, bootstrap 95% interval,
/// median τ (the end of the fitted exponential window, in steps), and the dropped counts by reason — with the
/// unresolved count (docs/METHOD.md §4.1) as a fourth number when some fit of the table is unresolved; with a
/// precision target also the standard error and where the row stands against the target.
public enum LambdaTableText {
    /// The table as lines of text, with a header.
    public static func render(_ rows: [LambdaRow]) -> String {
        let adaptive = rows.contains { $0.precision != nil }
        let unresolved = rows.contains { $0.estimate.dropped.unresolved > 0 }
        let header = ["eta", "epsilon", "kept/total", "lambda_nMLE", "std", "95% CI", "median tau",
                      unresolved ? "dropped (fit/low/div/unres)" : "dropped (fit/low/div)"]
            + (adaptive ? ["SE", "precision"] : [])
        var lines = [header]
        for row in rows {
            let e = row.estimate
            var cells: [String] = [
                format(row.eta), row.epsilon == 0 ? "→ 0" : format(row.epsilon), "\(e.kept)/\(e.total)",
                e.mean.map { format($0) } ?? "-",
                e.standardDeviation.map { format($0) } ?? "-",
                interval(e),
                e.medianTau.map { format($0, digits: 3) } ?? "-",
                "\(e.dropped.poorFit + e.dropped.noWindow)/\(e.dropped.belowMinLambda)/\(e.dropped.diverged)"
                    + (unresolved ? "/\(e.dropped.unresolved)" : ""),
            ]
            if adaptive {
                cells.append(e.standardError.map { format($0, digits: 3) } ?? "-")
                cells.append(row.precision?.rawValue ?? "-")
            }
            lines.append(cells)
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max()! }
        return lines.map { cells in
            cells.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func interval(_ estimate: LambdaEstimate) -> String {
        guard let lower = estimate.confidenceLower, let upper = estimate.confidenceUpper else { return "-" }
        return "[\(format(lower)), \(format(upper))]"
    }

    /// A compact number with `digits` significant digits (`%g`: scientific for very small or large values).
    static func format(_ value: Double, digits: Int = 4) -> String {
        String(format: "%.\(digits)g", value)
    }
}
