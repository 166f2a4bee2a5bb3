import Analysis
import Foundation
import Sweep

/// Writes a sweep's results as CSV and JSON files into a folder.
///
/// Every table row carries the analysis it comes from (`analysis_id` in CSV, `analysisID` in JSON): 0 for the fits
/// the run made, a refit's id otherwise — a run's folder and a report of a later refit can be told apart.
///
/// - `lambda.csv` / `lambda.json`: λ_nMLE per (η, ε) with std, SE, bootstrap 95% interval, median τ and
///   kept/dropped counts by reason (the JSON also holds the Λ histogram);
/// - `fits.csv` / `fits.json`: one row per (η, IC, ε): Λ, R², window start and length, τ, verdict;
/// - `sweep.toml`: the sweep text the run computed (the file's exact text, with any command-line override
///   written in), for provenance.
public enum ResultFiles {
    /// Writes every file and returns their paths.
    ///
    /// - Throws: a file-system error if the folder cannot be created or a file written.
    @discardableResult
    public static func write(
        rows: [LambdaRow], fits: [ICFit], sweepText: String, analysisID: Int, to directory: String
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sortedFits = fits.sorted { ($0.etaIndex, $0.icIndex, $0.epsilonIndex) < ($1.etaIndex, $1.icIndex, $1.epsilonIndex) }
        let files: [(String, Data)] = [
            ("lambda.csv", Data(withAnalysisColumn(lambdaCSV(rows), analysisID).utf8)),
            ("lambda.json", try sortedJSONData(rows.map { AnalysisRow(analysisID: analysisID, row: $0) }, pretty: true)),
            ("fits.csv", Data(withAnalysisColumn(fitsCSV(sortedFits), analysisID).utf8)),
            ("fits.json", try sortedJSONData(sortedFits.map { AnalysisRow(analysisID: analysisID, row: $0) }, pretty: true)),
            ("sweep.toml", Data(sweepText.utf8)),
        ]
        return try files.map { name, data in
            let path = (directory as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }

    /// The λ table as CSV (header line, then one line per (η, ε); empty cells where undefined). The tangent
    /// row (ε → 0) has epsilon 0. A column `dropped_unresolved` is written when some fit of the table is
    /// unresolved (docs/METHOD.md §4.1); a table without any keeps the columns it always had. A sweep with a
    /// precision target gets a last column, `precision`: `met`, `max_ics reached` or `open`.
    public static func lambdaCSV(_ rows: [LambdaRow]) -> String {
        let adaptive = rows.contains { $0.precision != nil }
        let unresolved = rows.contains { $0.estimate.dropped.unresolved > 0 }
        var lines = ["eta,epsilon,total,kept,kept_fraction,lambda_nmle,std,standard_error,ci95_lower,ci95_upper,median_tau,dropped_poor_fit,dropped_below_min_lambda,dropped_diverged,dropped_no_window"
            + (unresolved ? ",dropped_unresolved" : "") + (adaptive ? ",precision" : "")]
        for row in rows {
            let e = row.estimate
            lines.append([
                "\(row.eta)", "\(row.epsilon)", "\(e.total)", "\(e.kept)", "\(e.keptFraction)",
                cell(e.mean), cell(e.standardDeviation), cell(e.standardError), cell(e.confidenceLower),
                cell(e.confidenceUpper), cell(e.medianTau), "\(e.dropped.poorFit)", "\(e.dropped.belowMinLambda)",
                "\(e.dropped.diverged)", "\(e.dropped.noWindow)",
            ].joined(separator: ",") + (unresolved ? ",\(e.dropped.unresolved)" : "") + (adaptive ? ",\(row.precision?.rawValue ?? "")" : ""))
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

    /// `csv` with a first column `analysis_id` holding `analysisID` on every row.
    public static func withAnalysisColumn(_ csv: String, _ analysisID: Int) -> String {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { return csv }
        lines[0] = "analysis_id," + lines[0]
        for index in lines.indices.dropFirst() { lines[index] = "\(analysisID)," + lines[index] }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    private static func cell(_ value: Int?) -> String { value.map { "\($0)" } ?? "" }
}

/// A table row encoded with the analysis it belongs to: the row's own fields and `analysisID`.
struct AnalysisRow<Row: Encodable>: Encodable {
    /// The analysis: 0 for the run's own fits, a refit's id otherwise.
    var analysisID: Int
    /// The row.
    var row: Row

    private enum Key: String, CodingKey { case analysisID }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(analysisID, forKey: .analysisID)
    }
}
