import Analysis
import Foundation
import Sweep

/// Writes a sweep's results as CSV and JSON files into a folder.
///
/// - `lambda.csv` / `lambda.json`: λ_nMLE per (η, ε) with std, SE, bootstrap 95% interval, median τ and
///   kept/dropped counts by reason (the JSON also holds the Λ histogram);
/// - `fits.csv` / `fits.json`: one row per (η, IC, ε): Λ, R², window start and length, τ, verdict;
/// - `sweep.toml`: the sweep file's exact text, for provenance.
public enum ResultFiles {
    /// Writes every file and returns their paths.
    ///
    /// - Throws: a file-system error if the folder cannot be created or a file written.
    @discardableResult
    public static func write(
        rows: [LambdaRow], fits: [ICFit], sweepText: String, to directory: String
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sortedFits = fits.sorted { ($0.etaIndex, $0.icIndex, $0.epsilonIndex) < ($1.etaIndex, $1.icIndex, $1.epsilonIndex) }
        let files: [(String, Data)] = [
            ("lambda.csv", Data(lambdaCSV(rows).utf8)),
            ("lambda.json", try sortedJSONData(rows, pretty: true)),
            ("fits.csv", Data(fitsCSV(sortedFits).utf8)),
            ("fits.json", try sortedJSONData(sortedFits, pretty: true)),
            ("sweep.toml", Data(sweepText.utf8)),
        ]
        return try files.map { name, data in
            let path = (directory as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }

    /// The λ table as CSV (header line, then one line per (η, ε); empty cells where undefined). The tangent
    /// row (ε → 0) has epsilon 0. A last column `dropped_unresolved` is written when some fit of the table is
    /// unresolved (docs/METHOD.md §4.1); a table without any keeps the columns it always had.
    public static func lambdaCSV(_ rows: [LambdaRow]) -> String {
        let unresolved = rows.contains { $0.estimate.dropped.unresolved > 0 }
        var lines = ["eta,epsilon,total,kept,kept_fraction,lambda_nmle,std,standard_error,ci95_lower,ci95_upper,median_tau,dropped_poor_fit,dropped_non_positive,dropped_diverged,dropped_no_window"
            + (unresolved ? ",dropped_unresolved" : "")]
        for row in rows {
            let e = row.estimate
            lines.append([
                "\(row.eta)", "\(row.epsilon)", "\(e.total)", "\(e.kept)", "\(e.keptFraction)",
                cell(e.mean), cell(e.standardDeviation), cell(e.standardError), cell(e.confidenceLower),
                cell(e.confidenceUpper), cell(e.medianTau), "\(e.dropped.poorFit)", "\(e.dropped.nonPositive)",
                "\(e.dropped.diverged)", "\(e.dropped.noWindow)",
            ].joined(separator: ",") + (unresolved ? ",\(e.dropped.unresolved)" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The per-IC fits as CSV.
    public static func fitsCSV(_ fits: [ICFit]) -> String {
        var lines = ["eta,ic,epsilon,lambda,r_squared,window_start,window_length,tau,verdict,diverged_at"]
        for fit in fits {
            lines.append([
                "\(fit.eta)", "\(fit.icIndex)", "\(fit.epsilon)", cell(fit.fit?.lambda), cell(fit.fit?.rSquared),
                cell(fit.fit?.window.start), cell(fit.fit?.window.length), cell(fit.fit?.window.end),
                fit.verdict.rawValue, cell(fit.divergedAt),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    private static func cell(_ value: Int?) -> String { value.map { "\($0)" } ?? "" }
}
