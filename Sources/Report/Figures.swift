import Analysis
import Foundation
import Sweep

/// One figure of a report: its file name, a caption and the SVG document.
public struct Figure: Sendable {
    /// The file name, e.g. `lambda-vs-epsilon.svg`.
    public var fileName: String
    /// What the figure shows, for the index page.
    public var caption: String
    /// The SVG document.
    public var svg: String
}

/// The figures of a report, drawn from a ``ReportInput`` with ``SVGPlot``.
public enum Figures {
    /// Axis label of Λ and λ_nMLE.
    static let lambdaUnit = "Λ per GD step"
    /// Axis label of time.
    static let timeLabel = "t (GD steps)"

    /// Every figure: λ_nMLE vs ε and vs η, kept fraction vs ε and vs η, training loss, then per η the P(Λ)
    /// histograms and example ln⟨d⟩(t) curves with their fitted windows.
    public static func all(_ input: ReportInput) -> [Figure] {
        let rows = input.rows
        var figures = [lambdaVersusEpsilon(rows), lambdaVersusEta(rows), keptFraction(rows), keptFractionVersusEta(rows), loss(input)]
        if let onset = input.onset { figures.insert(Self.onset(rows, onset), at: 0) }
        // Every η of the sweep; of an onset search's lattice, the η it computed.
        for etaIndex in Set(rows.map(\.etaIndex)).sorted() {
            let eta = input.definition.training.etas[etaIndex]
            figures.append(histograms(rows.filter { $0.etaIndex == etaIndex }, eta: eta, etaIndex: etaIndex))
            figures.append(divergence(input, etaIndex: etaIndex))
        }
        return figures
    }

    /// λ_nMLE(ε) with error bars of one population std, one series per η (log ε axis); the tangent rows (ε → 0)
    /// as separate markers a decade left of the smallest ε.
    static func lambdaVersusEpsilon(_ rows: [LambdaRow]) -> Figure {
        let series = versusEpsilon(rows) { $0.estimate.mean ?? .nan } errors: { $0.estimate.standardDeviation }
        let plot = SVGPlot(title: "λ_nMLE vs ε (error bars: std of Λ)", xLabel: "ε (perturbation size per weight)",
                           yLabel: "λ_nMLE (\(lambdaUnit))", xScale: .log10, series: series)
        return Figure(fileName: "lambda-vs-epsilon.svg",
                      caption: "λ_nMLE, the mean of the kept Λ, against the perturbation size ε; one series per η, error bars ± one population standard deviation of Λ."
                        + (rows.contains { $0.epsilon == 0 } ? " Separate markers: the tangent ensemble (ε → 0), drawn a decade left of the smallest ε." : ""),
                      svg: plot.document())
    }

    /// An onset search: λ_nMLE(η) and the kept fraction(η) at the search's ε, the bracket of each refined crossing
    /// shaded and the level drawn on the statistic's panel.
    static func onset(_ rows: [LambdaRow], _ onset: OnsetState) -> Figure {
        let search = onset.search
        let cells = rows.filter { $0.epsilon.bitPattern == search.epsilon.bitPattern }
        let bands = onset.refinedBrackets.map { $0.low...$0.high }
        let bracket = PlotSeries(name: "bracket", points: [], bands: bands)
        var lambda = SVGPlot(title: "λ_nMLE vs η at \(epsilonLabel(search.epsilon))", xLabel: "η (learning rate)",
                             yLabel: "λ_nMLE (\(lambdaUnit))", xScale: .log10,
                             series: [PlotSeries(name: "λ_nMLE", points: cells.map { ($0.eta, $0.estimate.mean ?? .nan) },
                                                 errors: cells.map(\.estimate.standardDeviation)), bracket])
        var kept = SVGPlot(title: "Kept fraction vs η at \(epsilonLabel(search.epsilon))", xLabel: "η (learning rate)",
                           yLabel: "kept fraction of ICs", xScale: .log10,
                           series: [PlotSeries(name: "kept fraction", points: cells.map { ($0.eta, $0.estimate.keptFraction) }), bracket])
        if search.statistic == .keptFraction { kept.referenceY = search.level } else { lambda.referenceY = search.level }
        let found = onset.refinedBrackets.map { "η_c = \(format($0.criticalEta)) in [\(format($0.low)), \(format($0.high))]" }
        let statistic = search.statistic == .keptFraction ? "kept fraction" : "λ_nMLE"
        return Figure(fileName: "onset.svg",
                      caption: "The onset search: λ_nMLE and the kept fraction against η at \(epsilonLabel(search.epsilon)), one point per η the search computed; "
                        + "shaded: the bracket where the \(statistic) crosses \(format(search.level)) (\(search.crossings == .lowest ? "the lowest crossing" : "every crossing")), "
                        + "horizontal line: the level. " + (found.isEmpty ? "No crossing was found." : found.joined(separator: "; ") + "."),
                      svg: SVGPlot.grid([lambda, kept], columns: 2, cellWidth: 440, cellHeight: 300))
    }

    /// One series per η against ε (the finite ε rows), then one marker series per η for its tangent row (ε = 0),
    /// drawn at a tenth of the smallest ε in the colour of its η.
    private static func versusEpsilon(
        _ rows: [LambdaRow], _ value: (LambdaRow) -> Double, errors: (LambdaRow) -> Double?
    ) -> [PlotSeries] {
        let byEta = Dictionary(grouping: rows, by: \.etaIndex).sorted { $0.key < $1.key }
        var series = byEta.map { _, cells in
            let finite = cells.filter { $0.epsilon > 0 }
            return PlotSeries(name: "η = \(format(cells[0].eta))", points: finite.map { ($0.epsilon, value($0)) },
                              errors: finite.map(errors))
        }
        guard let smallest = rows.filter({ $0.epsilon > 0 }).map(\.epsilon).min() else { return series }
        for (position, (_, cells)) in byEta.enumerated() {
            let tangent = cells.filter { $0.epsilon == 0 }
            guard !tangent.isEmpty else { continue }
            series.append(PlotSeries(
                name: "η = \(format(cells[0].eta)): ε → 0 (tangent)", points: tangent.map { (smallest / 10, value($0)) },
                errors: tangent.map(errors), style: .markers, colorOf: (position, byEta.count)))
        }
        return series
    }

    /// λ_nMLE(η) with error bars of one population std, one series per ε (log η axis).
    static func lambdaVersusEta(_ rows: [LambdaRow]) -> Figure {
        let series = Dictionary(grouping: rows, by: \.epsilonIndex).sorted { $0.key < $1.key }.map { _, cells in
            PlotSeries(name: epsilonLabel(cells[0].epsilon), points: cells.map { ($0.eta, $0.estimate.mean ?? .nan) },
                       errors: cells.map(\.estimate.standardDeviation))
        }
        let plot = SVGPlot(title: "λ_nMLE vs η", xLabel: "η (learning rate)", yLabel: "λ_nMLE (\(lambdaUnit))",
                           xScale: .log10, series: series)
        return Figure(fileName: "lambda-vs-eta.svg",
                      caption: "λ_nMLE against the learning rate η; one series per ε, error bars ± one population standard deviation. Missing points: no IC kept.",
                      svg: plot.document())
    }

    /// The fraction of ICs kept by the filter against ε, one series per η.
    static func keptFraction(_ rows: [LambdaRow]) -> Figure {
        let series = versusEpsilon(rows) { $0.estimate.keptFraction } errors: { _ in nil }
        let plot = SVGPlot(title: "Kept fraction vs ε", xLabel: "ε (perturbation size per weight)",
                           yLabel: "kept fraction of ICs", xScale: .log10, series: series)
        return Figure(fileName: "kept-fraction.svg",
                      caption: "The fraction of initial conditions whose Λ passed the filter, against ε; one series per η.",
                      svg: plot.document())
    }

    /// The fraction of ICs kept by the filter against η, one series per ε: where exponential divergence sets in.
    static func keptFractionVersusEta(_ rows: [LambdaRow]) -> Figure {
        let series = Dictionary(grouping: rows, by: \.epsilonIndex).sorted { $0.key < $1.key }.map { _, cells in
            PlotSeries(name: epsilonLabel(cells[0].epsilon), points: cells.map { ($0.eta, $0.estimate.keptFraction) })
        }
        let plot = SVGPlot(title: "Kept fraction vs η", xLabel: "η (learning rate)", yLabel: "kept fraction of ICs",
                           xScale: .log10, series: series)
        return Figure(fileName: "kept-fraction-vs-eta.svg",
                      caption: "The fraction of initial conditions whose Λ passed the filter, against the learning rate η; one series per ε.",
                      svg: plot.document())
    }

    /// P(Λ): one histogram panel per ε at one η.
    static func histograms(_ rows: [LambdaRow], eta: Double, etaIndex: Int) -> Figure {
        let panels = rows.map { row in
            let histogram = row.estimate.histogram
            let series = PlotSeries(name: "", points: zip(histogram.edges, histogram.counts).map { ($0, Double($1)) },
                                    style: .bars(barEnds: Array(histogram.edges.dropFirst())))
            return SVGPlot(title: "η = \(format(eta)), \(epsilonLabel(row.epsilon)) (\(row.estimate.kept) kept)",
                           xLabel: lambdaUnit, yLabel: "ICs", series: [series])
        }
        return Figure(fileName: "histograms-eta\(etaIndex).svg",
                      caption: "P(Λ) at η = \(format(eta)): histograms of the kept Λ, one panel per ε.",
                      svg: SVGPlot.grid(panels, columns: min(4, max(panels.count, 1))))
    }

    /// ln⟨d⟩(t) of the example ICs at the middle ε of one η, each with its fitted window shaded.
    static func divergence(_ input: ReportInput, etaIndex: Int) -> Figure {
        let epsilons = input.definition.ensemble.epsilons
        let epsilonIndex = epsilons.count / 2
        let eta = input.definition.training.etas[etaIndex]
        let fits = Dictionary(input.fits.filter { $0.etaIndex == etaIndex && $0.epsilonIndex == epsilonIndex }.map { ($0.icIndex, $0) },
                              uniquingKeysWith: { first, _ in first })
        let series = input.examples.filter { $0.task.etaIndex == etaIndex }.sorted { $0.task.icIndex < $1.task.icIndex }
            .compactMap { result -> PlotSeries? in
                guard epsilonIndex < result.ensemble.curves.count else { return nil }
                let curve = result.ensemble.curves[epsilonIndex]
                let fit = fits[result.task.icIndex]
                let summary = fit?.fit.map { String(format: "Λ = %.3g, R² = %.3f", $0.lambda, $0.rSquared) } ?? "no fit"
                let window = fit?.fit.map { [Double($0.window.start)...Double($0.window.end - 1)] } ?? []
                let line = fit?.fit.map { fit in
                    [fit.window.start, fit.window.end - 1].map { (Double($0), fit.intercept + fit.lambda * Double($0)) }
                } ?? []
                return PlotSeries(
                    name: "IC \(result.task.icIndex): \(summary)",
                    points: curve.meanDistance.enumerated().map { (Double($0), $1 > 0 ? Foundation.log($1) : .nan) },
                    style: .line, bands: window, overlay: line)
            }
        let plot = SVGPlot(title: "ln⟨d⟩(t) at η = \(format(eta)), ε = \(format(epsilons[epsilonIndex])) (shaded: fitted window, dashed: fit)",
                           xLabel: timeLabel, yLabel: "ln⟨d⟩ (d: L1 distance over all weights)", series: series)
        return Figure(fileName: "divergence-eta\(etaIndex).svg",
                      caption: "The log mean distance ln⟨d⟩(t) between reference and copies for the first ICs at η = \(format(eta)), ε = \(format(epsilons[epsilonIndex])); the shaded band of each is its fitted exponential window and the dashed line the least-squares fit there, of slope Λ.",
                      svg: plot.document(width: 820))
    }

    /// Training loss of the reference trajectories: the example ICs of a single η, or the first IC of each η.
    static func loss(_ input: ReportInput) -> Figure {
        let single = input.definition.training.etas.count == 1
        let chosen = input.examples.filter { single || $0.task.icIndex == 0 }
            .sorted { ($0.task.etaIndex, $0.task.icIndex) < ($1.task.etaIndex, $1.task.icIndex) }
        let series = chosen.map { result in
            PlotSeries(name: single ? "IC \(result.task.icIndex)" : "η = \(format(result.eta))",
                       points: result.ensemble.referenceLoss.enumerated().map { (Double($0), $1) }, style: .line)
        }
        let start = input.definition.training.perturbAt
        let plot = SVGPlot(title: "Training loss of the reference networks" + (single ? " (η = \(format(input.definition.training.etas[0])))" : " (IC 0)"),
                           xLabel: start > 0 ? "t (GD steps after t₀ = \(start))" : timeLabel,
                           yLabel: "training loss (mean cross-entropy)", yScale: .log10, series: series)
        return Figure(fileName: "loss.svg",
                      caption: "The training loss L(W(t)) of reference trajectories (log scale)" + (single ? ", one line per IC." : ", IC 0 at every η."),
                      svg: plot.document())
    }

    /// "ε = …", or "ε → 0 (tangent)" for the tangent ensemble's ε = 0.
    static func epsilonLabel(_ epsilon: Double) -> String {
        epsilon == 0 ? "ε → 0 (tangent)" : "ε = \(format(epsilon))"
    }

    /// A compact number: `%g` with four significant digits.
    static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
