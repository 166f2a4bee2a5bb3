import Foundation
import Sweep

/// The `index.html` of a report: every figure with its caption, the λ table, and the provenance of the
/// numbers (sweep text and hash, versions, git commit, hosts, workers and their kernel variants, times,
/// trajectory-steps, analysis); for a run with diagnostics, a "Diagnostics" section with their table and figures.
public enum HTMLIndex {
    /// The page, referencing each figure by its file name and the table files next to it.
    ///
    /// - Parameter diagnosticFigures: Shown in the "Diagnostics" section, which appears only when the run has diagnostics.
    public static func render(_ input: ReportInput, figures: [Figure], diagnosticFigures: [Figure] = [], tableFiles: [String]) -> String {
        let rows = input.rows
        let hosts = Dictionary(grouping: input.workers, by: \.host).sorted { $0.key < $1.key }.map { host, workers in
            "\(escape(host)) (\(workers.reduce(0) { $0 + $1.processes }) worker processes, \(workers.reduce(0) { $0 + $1.tasksDone }) tasks)"
        }
        let total = input.definition.taskCount
        let provenance: [(String, String)] = [
            ("sweep", escape(input.definition.name)),
            ("sweep hash", "<code>\(escape(input.sweepHash))</code>"),
            ("overrides", input.overrides.isEmpty ? "none (the sweep file as written)" : "<code>\(escape(input.overrides.summary))</code>"),
            ("computed by", "lyapsweep \(escape(input.runSoftwareVersion))"),
            ("report by", "lyapsweep \(escape(input.reportSoftwareVersion)), git commit <code>\(escape(input.gitCommit))</code>"),
            ("started", date(input.createdAt)),
            ("finished", input.finishedAt.map(date) ?? "not finished"),
            ("tasks", input.onset.map { "\(input.doneTasks) done (an onset search: \($0.points.count) η × \($0.ics) ICs)" }
                ?? (input.definition.ensemble.precision == nil
                ? "\(input.doneTasks) of \(total) done"
                : "\(input.doneTasks) done (a precision target: \(input.definition.ensemble.ics) to \(input.definition.icCapacity) ICs per η)")),
            ("trajectory-steps", "\(input.trajectorySteps)"),
            ("workers", "\(input.workers.reduce(0) { $0 + $1.processes }) worker processes on \(Set(input.workers.map(\.host)).count) hosts: \(hosts.joined(separator: "; "))"),
            ("kernel variants", escape(input.kernelVariants)),
            ("analysis shown", "#\(input.analysis.id): \(escape(input.analysis.description)) — \(escape(input.analysis.ruleText))"),
        ]
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><title>lyapsweep report: \(escape(input.definition.name))</title>
            <style>body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
            th{background:#f3f3f3}figure{margin:1.5em 0}img{max-width:100%}pre{background:#f6f6f6;padding:1em;overflow:auto}
            .prov td{text-align:left}</style></head><body>
            <h1>lyapsweep report: \(escape(input.definition.name))</h1>
            <h2>Provenance</h2>
            <table class="prov">
            \(provenance.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined(separator: "\n"))
            </table>

            """
        if !input.otherAnalyses.isEmpty {
            html += "<p>Other analyses of the same curves (<code>lyapsweep report --analysis ID</code>):</p><ul>\n"
            html += input.otherAnalyses.map { "<li>#\($0.id): \(escape($0.description)) — \(escape($0.ruleText))</li>" }.joined(separator: "\n")
            html += "\n</ul>\n"
        }
        html += "<h2>λ_nMLE per (η, ε)</h2>\n<p>Λ per GD step; std is the population standard deviation of the kept Λ, SE the standard error of their mean, CI the bootstrap 95% interval.</p>\n"
        if let target = input.definition.ensemble.precision {
            html += "<p>Precision target: \(target.measure.rawValue) ≤ \(Figures.format(target.value)) at every ε, \(input.definition.ensemble.ics) ICs per η "
                + "to start, \(target.batch) more at a time, at most \(target.maxICs): \(rows.filter { $0.precision == .met }.count) of \(rows.count) rows met, "
                + "\(rows.filter { $0.precision == .maxReached }.count) with max_ics reached, \(rows.filter { $0.precision == .open }.count) open.</p>\n"
        }
        if let onset = input.onset {
            html += "<p class=\"onset\">" + escape(onset.text()).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>\n"
        }
        html += "<table><tr><th>η</th><th>ε</th><th>kept/total</th><th>λ_nMLE</th><th>std</th><th>SE</th><th>95% CI</th><th>median τ</th><th>poor fit</th><th>no window</th><th>low Λ</th><th>diverged</th><th>unresolved</th>"
            + (input.definition.ensemble.precision == nil ? "" : "<th>precision</th>") + "</tr>\n"
        for row in rows {
            let e = row.estimate
            let cells = [Figures.format(row.eta), row.epsilon == 0 ? "→ 0 (tangent)" : Figures.format(row.epsilon), "\(e.kept)/\(e.total)", cell(e.mean), cell(e.standardDeviation),
                         cell(e.standardError), e.confidenceLower.map { "[\(Figures.format($0)), \(Figures.format(e.confidenceUpper ?? .nan))]" } ?? "–",
                         cell(e.medianTau), "\(e.dropped.poorFit)", "\(e.dropped.noWindow)", "\(e.dropped.belowMinLambda)", "\(e.dropped.diverged)",
                         "\(e.dropped.unresolved)"]
                + (row.precision.map { [$0.rawValue] } ?? [])
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        html += "</table>\n<p>Tables: " + tableFiles.map { "<a href=\"\(escape($0))\">\(escape($0))</a>" }.joined(separator: " · ") + "</p>\n"
        html += "<h2>Figures</h2>\n" + figures.map(figureHTML).joined()
        if input.hasDiagnostics {
            html += diagnosticsSection(input) + diagnosticFigures.map(figureHTML).joined()
        }
        html += "<h2>Sweep file</h2>\n<pre>\(escape(input.sweepText))</pre>\n</body></html>\n"
        return html
    }

    private static func figureHTML(_ figure: Figure) -> String {
        "<figure><img src=\"\(escape(figure.fileName))\" alt=\"\(escape(figure.caption))\"/><figcaption>\(escape(figure.caption)) "
            + "(<a href=\"\(escape(figure.fileName))\">\(escape(figure.fileName))</a>)</figcaption></figure>\n"
    }

    /// The heading and per-η table of the diagnostics section.
    private static func diagnosticsSection(_ input: ReportInput) -> String {
        let spectrumSize = input.diagnostics.map(\.spectrum.count).max() ?? 0
        var html = "<h2>Diagnostics</h2>\n<p>Along each IC's reference trajectory (lyapsweep docs/METHOD.md §6); mean ± population standard deviation across ICs, "
            + "per GD step where a rate. λ̂(T): Benettin's running estimate at the end; λ̂[t₀, t₀ + H]: the same estimate over "
            + "the steps the ensembles are fitted on (H = \(input.definition.ensembleHorizon) after t₀), to compare with λ_nMLE; λ_i: the Lyapunov spectrum; "
            + "final values at the last step; Kantz p &lt; 0.05: the fraction of ICs whose loss curve's Kantz exponent beats its shuffled surrogates.</p>\n"
        html += "<table><tr><th>η</th><th>ICs</th><th>λ̂(T)</th><th>λ̂[t₀, t₀ + H]</th>"
            + (0..<spectrumSize).map { "<th>λ<sub>\($0 + 1)</sub></th>" }.joined()
            + "<th>ghost mass</th><th>‖∇L‖</th><th>running-mean loss</th><th>Kantz exponent</th><th>Kantz p &lt; 0.05</th></tr>\n"
        for row in input.diagnostics {
            let spectrum = (0..<spectrumSize).map { $0 < row.spectrum.count ? spread(row.spectrum[$0]) : "–" }
            let cells = [Figures.format(row.eta), "\(row.ics)", spread(row.benettinFinal), spread(row.benettinMatched)] + spectrum
                + [spread(row.ghostMassFinal), spread(row.gradientNormFinal), spread(row.runningMeanLossFinal), spread(row.kantzExponent),
                   cell(row.kantzSignificantFraction)]
            html += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func spread(_ statistic: SpreadStatistic?) -> String {
        statistic.map { "\(Figures.format($0.mean)) ± \(Figures.format($0.standardDeviation))" } ?? "–"
    }

    private static func cell(_ value: Double?) -> String { value.map(Figures.format) ?? "–" }

    private static func date(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
