import Analysis
import Foundation
import Sweep

extension ResultFiles {
    /// Writes the diagnostics tables of a run that has diagnostics and returns their paths (each CSV row with the
    /// `analysis_id` of the report it belongs to):
    ///
    /// - `diagnostics.csv`: per η, mean ± population std across ICs of λ̂(T), λ̂ over the ensemble's horizon, final
    ///   ghost mass, gradient norm
    ///   and running-mean loss, Kantz's exponent, and the fraction of ICs with Kantz p < 0.05;
    /// - `spectrum.csv`: per η and exponent index (1 = largest), mean ± std across ICs;
    /// - `diagnostics-vs-lambda.csv`: per (η, ε), λ_nMLE and the unfiltered mean Λ next to the mean λ̂(T) and
    ///   largest exponent, with whether their signs agree (see ``signComparisonCSV(diagnostics:lambda:fits:)``);
    /// - `diagnostics.json`: the rows with their mean curves (λ̂(t), ghost mass, gradient norm, running-mean loss).
    ///
    /// - Throws: a file-system error if a file cannot be written.
    public static func writeDiagnostics(
        _ diagnostics: [DiagnosticsRow], lambda: [LambdaRow], fits: [ICFit], analysisID: Int, to directory: String
    ) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let files: [(String, Data)] = [
            ("diagnostics.csv", Data(withAnalysisColumn(diagnosticsCSV(diagnostics), analysisID).utf8)),
            ("spectrum.csv", Data(withAnalysisColumn(spectrumCSV(diagnostics), analysisID).utf8)),
            ("diagnostics-vs-lambda.csv",
             Data(withAnalysisColumn(signComparisonCSV(diagnostics: diagnostics, lambda: lambda, fits: fits), analysisID).utf8)),
            ("diagnostics.json", try encoder.encode(diagnostics)),
        ]
        return try files.map { name, data in
            let path = (directory as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }

    /// The per-η diagnostics table as CSV (empty cells where a diagnostic was not computed).
    public static func diagnosticsCSV(_ rows: [DiagnosticsRow]) -> String {
        let statistics: [(String, (DiagnosticsRow) -> SpreadStatistic?)] = [
            ("benettin_final", \.benettinFinal), ("benettin_matched", \.benettinMatched), ("ghost_mass_final", \.ghostMassFinal),
            ("gradient_norm_final", \.gradientNormFinal), ("running_mean_loss_final", \.runningMeanLossFinal),
            ("kantz_exponent", \.kantzExponent),
        ]
        var lines = [(["eta", "ics"] + statistics.flatMap { ["\($0.0)_mean", "\($0.0)_std"] } + ["kantz_p_below_0.05_fraction"])
            .joined(separator: ",")]
        for row in rows {
            let cells = statistics.flatMap { _, statistic in [cell(statistic(row)?.mean), cell(statistic(row)?.standardDeviation)] }
            lines.append((["\(row.eta)", "\(row.ics)"] + cells + [cell(row.kantzSignificantFraction)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The spectrum as CSV: one line per (η, exponent index).
    public static func spectrumCSV(_ rows: [DiagnosticsRow]) -> String {
        var lines = ["eta,index,ics,mean,std"]
        for row in rows {
            for (index, exponent) in row.spectrum.enumerated() {
                lines.append("\(row.eta),\(index + 1),\(exponent.count),\(exponent.mean),\(exponent.standardDeviation)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per (η, ε): λ_nMLE (mean of the kept Λ) and the unfiltered mean of Λ over every IC with a fit, next to the
    /// mean λ̂(T), the mean Benettin estimate over the ensemble's own horizon (t₀ + 1 … t₀ + H, comparable with the
    /// ensemble's fits) and the largest spectrum exponent λ₁ at that η.
    ///
    /// λ_nMLE keeps only Λ above the filter's threshold, so it is positive whenever defined; the sign columns
    /// therefore compare λ̂(T) and λ₁ with the unfiltered mean Λ (`true` when both are > 0 or both ≤ 0).
    public static func signComparisonCSV(diagnostics: [DiagnosticsRow], lambda: [LambdaRow], fits: [ICFit]) -> String {
        var lines = ["eta,epsilon,kept,total,lambda_nmle,unfiltered_lambda_mean,benettin_final_mean,benettin_matched_mean,spectrum_1_mean,benettin_sign_agrees,spectrum_sign_agrees"]
        let byEta = Dictionary(diagnostics.map { ($0.etaIndex, $0) }, uniquingKeysWith: { first, _ in first })
        let fitted = Dictionary(grouping: fits.filter { $0.fit != nil }) { [$0.etaIndex, $0.epsilonIndex] }
        for row in lambda {
            let diagnostic = byEta[row.etaIndex]
            let lambdas = (fitted[[row.etaIndex, row.epsilonIndex]] ?? []).sorted { $0.icIndex < $1.icIndex }.compactMap { $0.fit?.lambda }
            let unfiltered = SpreadStatistic(lambdas)?.mean
            let benettin = diagnostic?.benettinFinal?.mean, top = diagnostic?.spectrum.first?.mean
            let agrees = { (value: Double?) -> String in
                guard let value, let unfiltered else { return "" }
                return "\((value > 0) == (unfiltered > 0))"
            }
            lines.append([
                "\(row.eta)", "\(row.epsilon)", "\(row.estimate.kept)", "\(row.estimate.total)", cell(row.estimate.mean),
                cell(unfiltered), cell(benettin), cell(diagnostic?.benettinMatched?.mean), cell(top), agrees(benettin), agrees(top),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
}
