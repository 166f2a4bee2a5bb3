import Diagnostics
import Foundation
import Sweep

extension Figures {
    /// Axis label of time along the reference trajectory the diagnostics follow (from the initial condition).
    static let trainingTimeLabel = "t (GD steps from the initial condition)"
    /// Individual ICs drawn faintly behind each η's mean curve.
    static let faintICs = 3

    /// The diagnostics figures of a run (docs/METHOD.md §6), each only when some IC recorded its data: λ̂(t),
    /// the Lyapunov spectrum, ghost mass, gradient norm and running-mean loss vs t, the loss curve's
    /// autocorrelation with its surrogate band, and per-weight displacement vs path length.
    public static func diagnostics(_ input: ReportInput) -> [Figure] {
        guard input.hasDiagnostics else { return [] }
        let rows = input.diagnostics
        var figures: [Figure] = []
        if rows.contains(where: { !$0.benettinCurve.mean.isEmpty }) {
            figures.append(timeSeries(
                input, fileName: "benettin.svg", title: "Benettin running estimate λ̂(t) (faint: individual ICs)",
                yLabel: "λ̂(t) (\(lambdaUnit))", yScale: .linear, referenceY: 0, firstStep: 1,
                curve: \.benettinCurve, series: \.benettin,
                caption: "Benettin's running estimate λ̂(t) = (1/t) Σ ln(δ_s/δ₀) of the training map's largest Lyapunov exponent along the reference trajectory: the mean over ICs per η, with the first ICs drawn faintly. Persistently negative: training contracts; near zero or positive: it keeps roaming."))
        }
        if rows.contains(where: { !$0.spectrum.isEmpty }) {
            figures.append(spectrum(rows))
        }
        if rows.contains(where: { !$0.ghostMassCurve.mean.isEmpty }) {
            figures.append(timeSeries(
                input, fileName: "ghost-mass.svg", title: "Probability mass on the ghost units (faint: individual ICs)",
                yLabel: "ghost mass (mean softmax probability)", yScale: .log10, curve: \.ghostMassCurve, series: \.ghostMass,
                caption: "The total softmax probability on the ghost output units (which no label selects), averaged over the training samples, along training: the mean over ICs per η, the first ICs faint. It should decay as training converges."))
        }
        if rows.contains(where: { !$0.gradientNormCurve.mean.isEmpty }) {
            figures.append(timeSeries(
                input, fileName: "gradient-norm.svg", title: "Gradient norm ‖∇L(W(t))‖ (faint: individual ICs)",
                yLabel: "‖∇L‖₂", yScale: .log10, curve: \.gradientNormCurve, series: \.gradientNorm,
                caption: "The gradient norm along the reference trajectory: the mean over ICs per η, the first ICs faint. In the invariant-measure view it need not vanish while the time-averaged loss converges."))
            figures.append(timeSeries(
                input, fileName: "running-mean-loss.svg", title: "Running time-average of the loss (faint: individual ICs)",
                yLabel: "(1/(t+1)) Σ L(W(s)) (cross-entropy)", yScale: .log10, curve: \.runningMeanLossCurve,
                series: \.runningMeanLoss,
                caption: "The running time-average of the training loss along the reference trajectory: the mean over ICs per η, the first ICs faint."))
        }
        if input.examples.contains(where: { !($0.diagnostics?.autocorrelation.isEmpty ?? true) }) {
            figures.append(autocorrelation(input))
        }
        if input.examples.contains(where: { !($0.diagnostics?.weightPathLength.isEmpty ?? true) }) {
            figures.append(weights(input))
        }
        return figures
    }

    /// A per-step diagnostic: the mean across ICs per η, with the first example ICs faint in the same colour.
    static func timeSeries(
        _ input: ReportInput, fileName: String, title: String, yLabel: String, yScale: AxisScale, referenceY: Double? = nil,
        firstStep: Int = 0, curve: KeyPath<DiagnosticsRow, SeriesStatistic>, series: KeyPath<TrainingDiagnostics, [Double]>,
        caption: String
    ) -> Figure {
        let etaCount = input.diagnostics.count
        let points = { (values: [Double]) in values.enumerated().map { (Double($0 + firstStep), $1) } }
        let faint = input.examples.sorted { ($0.task.etaIndex, $0.task.icIndex) < ($1.task.etaIndex, $1.task.icIndex) }
            .filter { $0.task.icIndex < faintICs }
            .compactMap { result -> PlotSeries? in
                guard let values = result.diagnostics?[keyPath: series], !values.isEmpty else { return nil }
                return PlotSeries(name: "", points: points(values), style: .line,
                                  colorOf: (result.task.etaIndex, etaCount), opacity: 0.3)
            }
        let means = input.diagnostics.filter { !$0[keyPath: curve].mean.isEmpty }.map { row in
            PlotSeries(name: "η = \(format(row.eta)) (mean of \(row[keyPath: curve].count.first ?? 0) ICs)",
                       points: points(row[keyPath: curve].mean), style: .line, colorOf: (row.etaIndex, etaCount))
        }
        let plot = SVGPlot(title: title, xLabel: trainingTimeLabel, yLabel: yLabel, yScale: yScale, series: faint + means,
                           referenceY: referenceY)
        return Figure(fileName: fileName, caption: caption, svg: plot.document(width: 820))
    }

    /// The top-k Lyapunov spectrum per η: mean across ICs of each exponent, error bars ± one population std.
    static func spectrum(_ rows: [DiagnosticsRow]) -> Figure {
        let series = rows.filter { !$0.spectrum.isEmpty }.map { row in
            PlotSeries(name: "η = \(format(row.eta))", points: row.spectrum.enumerated().map { (Double($0 + 1), $1.mean) },
                       errors: row.spectrum.map(\.standardDeviation), colorOf: (row.etaIndex, rows.count))
        }
        let plot = SVGPlot(title: "Lyapunov spectrum at the end of training (error bars: std across ICs)",
                           xLabel: "exponent index i (1 = largest)", yLabel: "λ_i (\(lambdaUnit))", series: series, referenceY: 0)
        return Figure(fileName: "spectrum.svg",
                      caption: "The top-k Lyapunov exponents of the training map (k tangent vectors under the exact Jacobian-vector product, QR re-orthonormalised), the mean over ICs per η with error bars ± one population standard deviation.",
                      svg: plot.document())
    }

    /// The loss curve's autocorrelation and its shuffled-surrogate 95% band, for the first example IC of each η.
    static func autocorrelation(_ input: ReportInput) -> Figure {
        let chosen = Dictionary(grouping: input.examples.filter { !($0.diagnostics?.autocorrelation.isEmpty ?? true) },
                                by: \.task.etaIndex)
            .sorted { $0.key < $1.key }.compactMap { $0.value.min { $0.task.icIndex < $1.task.icIndex } }
        let panels = chosen.map { result in
            let diagnostics = result.diagnostics!
            let lags = diagnostics.autocorrelation.indices.map(Double.init)
            let acf = PlotSeries(name: "ACF", points: Array(zip(lags, diagnostics.autocorrelation)), style: .line)
            let upper = PlotSeries(name: "95% band", points: Array(zip(lags, diagnostics.autocorrelationBand)), style: .line,
                                   colorOf: (7, 10))
            let lower = PlotSeries(name: "", points: Array(zip(lags, diagnostics.autocorrelationBand.map { -$0 })), style: .line,
                                   colorOf: (7, 10))
            let kantz = diagnostics.kantz.map { String(format: "; Kantz %.3g, p = %.3g", $0.exponent, $0.pValue) } ?? ""
            return SVGPlot(title: "η = \(format(result.eta)), IC \(result.task.icIndex)\(kantz)", xLabel: "lag (GD steps)",
                           yLabel: "ACF of the loss", series: [acf, upper, lower], referenceY: 0)
        }
        return Figure(fileName: "autocorrelation.svg",
                      caption: "The autocorrelation function of the reference's training-loss curve for one IC per η, with the 95% band of shuffled surrogates (grey): values outside it are serial correlation a shuffle destroys. The title gives Kantz's finite-time exponent of the same series and its surrogate p-value.",
                      svg: SVGPlot.grid(panels, columns: min(3, max(panels.count, 1)), cellWidth: 380, cellHeight: 280))
    }

    /// Per-weight displacement |w(T) − w(0)| against path length Σ|w(t+1) − w(t)| for the first example IC of each η.
    static func weights(_ input: ReportInput) -> Figure {
        let etaCount = input.definition.training.etas.count
        let chosen = Dictionary(grouping: input.examples.filter { !($0.diagnostics?.weightPathLength.isEmpty ?? true) },
                                by: \.task.etaIndex)
            .sorted { $0.key < $1.key }.compactMap { $0.value.min { $0.task.icIndex < $1.task.icIndex } }
        var series = chosen.map { result in
            let diagnostics = result.diagnostics!
            return PlotSeries(name: "η = \(format(result.eta)), IC \(result.task.icIndex)",
                              points: Array(zip(diagnostics.weightPathLength, diagnostics.weightDisplacement)), style: .markers,
                              colorOf: (result.task.etaIndex, etaCount))
        }
        let lengths = chosen.flatMap { $0.diagnostics!.weightPathLength }.filter { $0 > 0 }
        if let shortest = lengths.min(), let longest = lengths.max() {
            series.append(PlotSeries(name: "displacement = path length", points: [(shortest, shortest), (longest, longest)],
                                     style: .line, colorOf: (7, 10)))
        }
        let plot = SVGPlot(title: "Per-weight displacement vs path length (end of training)", xLabel: "path length Σ_t |w(t+1) − w(t)|",
                           yLabel: "displacement |w(T) − w(0)|", xScale: .log10, yScale: .log10, series: series)
        return Figure(fileName: "weights.svg",
                      caption: "Each parameter of the reference network of one IC per η: how far it ended from its start against the length of the path it travelled. On the diagonal a weight moved straight; far below it, it wandered.",
                      svg: plot.document())
    }
}
