import Diagnostics
import Foundation

/// The mean and population standard deviation (divisor n) of a quantity across initial conditions.
public struct SpreadStatistic: Hashable, Sendable, Codable {
    /// How many ICs contributed.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// Their population standard deviation (0 for one IC).
    public var standardDeviation: Double

    /// The statistic of `values` in the given order, nil if there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = values.reduce(0, +) / Double(count)
        let mean = mean
        standardDeviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)).squareRoot()
    }
}

/// A time series averaged across initial conditions: at each step t, the mean and population standard
/// deviation over the ICs whose series reaches t (a diverged reference's series stops early).
public struct SeriesStatistic: Hashable, Sendable, Codable {
    /// ICs contributing at each step.
    public var count: [Int]
    /// The mean at each step.
    public var mean: [Double]
    /// The population standard deviation at each step.
    public var standardDeviation: [Double]

    /// The statistic of `series`, summed in the given order.
    init(_ series: [[Double]]) {
        let length = series.map(\.count).max() ?? 0
        var count = [Int](repeating: 0, count: length), sum = [Double](repeating: 0, count: length)
        for values in series {
            for (t, value) in values.enumerated() {
                count[t] += 1
                sum[t] += value
            }
        }
        let mean = zip(sum, count).map { $0 / Double($1) }
        var squares = [Double](repeating: 0, count: length)
        for values in series {
            for (t, value) in values.enumerated() { squares[t] += (value - mean[t]) * (value - mean[t]) }
        }
        self.count = count
        self.mean = mean
        standardDeviation = zip(squares, count).map { ($0 / Double($1)).squareRoot() }
    }
}

/// The diagnostics of every IC at one η, aggregated across ICs (mean ± population std).
///
/// "Final" values are the last entry of each IC's series: λ̂(T), and ghost mass, gradient norm and
/// running-mean loss at the last step t₀ + T (earlier if the reference diverged).
public struct DiagnosticsRow: Hashable, Sendable, Codable {
    /// Position of η in the sweep.
    public var etaIndex: Int
    /// The learning rate.
    public var eta: Double
    /// ICs whose diagnostics are stored.
    public var ics: Int
    /// Benettin's λ̂(T), per GD step.
    public var benettinFinal: SpreadStatistic?
    /// Benettin's estimate over the ensemble's horizon only: (1/H) Σ ln(δ_s/δ₀) for s = t₀ + 1 … t₀ + H, the steps
    /// the ε ensembles are fitted on (``DiagnosticsTable/matchedSteps``), per GD step; nil without a matched
    /// horizon or where no IC's series reaches it.
    public var benettinMatched: SpreadStatistic? = nil
    /// Each of the top-k Lyapunov exponents (index 0 the largest), per GD step.
    public var spectrum: [SpreadStatistic]
    /// Final probability mass on the ghost units.
    public var ghostMassFinal: SpreadStatistic?
    /// Final gradient norm ‖∇L‖₂.
    public var gradientNormFinal: SpreadStatistic?
    /// Final running time-average of the loss.
    public var runningMeanLossFinal: SpreadStatistic?
    /// Kantz's exponent of the loss curve, per GD step.
    public var kantzExponent: SpreadStatistic?
    /// The fraction of the ICs with a Kantz result whose surrogate test gives p < 0.05; nil if none has one.
    public var kantzSignificantFraction: Double?
    /// λ̂(t) across ICs, t = 1 … T.
    public var benettinCurve: SeriesStatistic
    /// Ghost mass across ICs, per step.
    public var ghostMassCurve: SeriesStatistic
    /// Gradient norm across ICs, per step.
    public var gradientNormCurve: SeriesStatistic
    /// Running-mean loss across ICs, per step.
    public var runningMeanLossCurve: SeriesStatistic
}

/// Folds the diagnostics of a sweep's results into one ``DiagnosticsRow`` per η.
///
/// Per-IC values are kept by IC index, so the scalar statistics do not depend on the order results are
/// added in; the curves are summed in IC order when ``rows()`` is called, so they do not either.
/// Memory grows with ICs × steps of the recorded series.
public struct DiagnosticsTable: Sendable {
    /// The learning rates of the sweep, in order.
    public let etas: [Double]
    /// t₀: the step of the Benettin series at which the ensembles were perturbed.
    public let perturbAt: Int
    /// H: the steps after t₀ the matched Benettin estimate averages over (``DiagnosticsRow/benettinMatched``),
    /// or nil for none.
    public let matchedSteps: Int?
    private var byEta: [[Int: TrainingDiagnostics]]

    /// An empty table for a sweep's η list.
    ///
    /// - Parameters:
    ///   - perturbAt: t₀ of the sweep.
    ///   - matchedSteps: The ensemble's horizon H (``SweepDefinition/ensembleHorizon``), or nil for no matched estimate.
    public init(etas: [Double], perturbAt: Int = 0, matchedSteps: Int? = nil) {
        self.etas = etas
        self.perturbAt = perturbAt
        self.matchedSteps = matchedSteps
        byEta = etas.map { _ in [:] }
    }

    /// Benettin's estimate over steps t₀ + 1 … t₀ + H from the running λ̂(t) = (1/t) Σ_{s ≤ t} ln(δ_s/δ₀) (entry t − 1
    /// of `benettin`): (t₁ λ̂(t₁) − t₀ λ̂(t₀)) / H with t₁ = t₀ + H; nil if the series stops before t₁.
    public static func matchedEstimate(_ benettin: [Double], perturbAt start: Int, steps: Int) -> Double? {
        let end = start + steps
        guard steps > 0, end <= benettin.count else { return nil }
        let before = start > 0 ? Double(start) * benettin[start - 1] : 0
        return (Double(end) * benettin[end - 1] - before) / Double(steps)
    }

    /// Whether any diagnostics were added.
    public var isEmpty: Bool { byEta.allSatisfy(\.isEmpty) }

    /// Adds one task's diagnostics (a task added twice replaces itself).
    public mutating func add(task: SweepTask, diagnostics: TrainingDiagnostics) {
        byEta[task.etaIndex][task.icIndex] = diagnostics
    }

    /// One row per η, in sweep order.
    public func rows() -> [DiagnosticsRow] {
        etas.enumerated().map { etaIndex, eta in
            let ics = byEta[etaIndex].sorted { $0.key < $1.key }.map(\.value)
            let finals = { (series: (TrainingDiagnostics) -> [Double]) in SpreadStatistic(ics.compactMap { series($0).last }) }
            let spectrumSize = ics.map(\.spectrum.count).max() ?? 0
            let kantz = ics.compactMap(\.kantz)
            let matched = matchedSteps.map { steps in
                SpreadStatistic(ics.compactMap { Self.matchedEstimate($0.benettin, perturbAt: perturbAt, steps: steps) })
            } ?? nil
            return DiagnosticsRow(
                etaIndex: etaIndex, eta: eta, ics: ics.count,
                benettinFinal: finals(\.benettin), benettinMatched: matched,
                spectrum: (0..<spectrumSize).compactMap { i in SpreadStatistic(ics.compactMap { i < $0.spectrum.count ? $0.spectrum[i] : nil }) },
                ghostMassFinal: finals(\.ghostMass), gradientNormFinal: finals(\.gradientNorm),
                runningMeanLossFinal: finals(\.runningMeanLoss),
                kantzExponent: SpreadStatistic(kantz.map(\.exponent)),
                kantzSignificantFraction: kantz.isEmpty ? nil : Double(kantz.filter { $0.pValue < 0.05 }.count) / Double(kantz.count),
                benettinCurve: SeriesStatistic(ics.map(\.benettin)), ghostMassCurve: SeriesStatistic(ics.map(\.ghostMass)),
                gradientNormCurve: SeriesStatistic(ics.map(\.gradientNorm)),
                runningMeanLossCurve: SeriesStatistic(ics.map(\.runningMeanLoss)))
        }
    }
}
