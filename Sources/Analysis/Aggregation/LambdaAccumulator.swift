/// Collects the verdicts and fits of the ICs of one (η, ε) cell, in any order, and turns them into a ``LambdaEstimate``.
///
/// Results arrive from many workers in no particular order, so the accumulator only records one entry per
/// IC index (adding an index again replaces its entry, which makes re-delivered results harmless) and does
/// all arithmetic in ``estimate(bootstrapResamples:histogramBins:using:)``, in ascending IC index. The
/// estimate therefore depends only on the set of (IC index, entry) pairs — bit for bit, whatever the order
/// of the calls to ``add(icIndex:verdict:fit:)``.
public struct LambdaAccumulator: Hashable, Sendable, Codable {
    /// What is kept of one IC: its Λ and τ if kept, else only why it was dropped.
    private enum Entry: Hashable, Sendable, Codable {
        case kept(lambda: Double, tau: Int)
        case dropped(FitVerdict)
    }

    private var entries: [Int: Entry] = [:]

    /// Creates an accumulator that has seen no IC.
    public init() {}

    /// Records the outcome of one IC, replacing any earlier outcome of the same IC index.
    ///
    /// The verdict is taken as given (see ``FitFilter/verdict(for:diverged:)``); of a kept fit only Λ and
    /// τ = ``FitWindow/end`` are retained. A `.kept` verdict without a fit cannot enter λ_nMLE and is
    /// counted as ``FitVerdict/noWindow``.
    ///
    /// - Parameters:
    ///   - icIndex: The IC number k, which orders the arithmetic of the estimate.
    ///   - verdict: Whether the IC is kept, or why not.
    ///   - fit: The IC's fit, nil if it has none.
    public mutating func add(icIndex: Int, verdict: FitVerdict, fit: LyapunovFit?) {
        if verdict == .kept, let fit {
            entries[icIndex] = .kept(lambda: fit.lambda, tau: fit.window.end)
        } else {
            entries[icIndex] = .dropped(verdict == .kept ? .noWindow : verdict)
        }
    }

    /// The number of distinct ICs recorded.
    public var count: Int { entries.count }

    /// λ_nMLE and its statistics over the ICs recorded so far.
    ///
    /// The kept Λ, taken in ascending IC index, give the mean, the population standard deviation and the
    /// standard error (centred sums), the percentile-bootstrap 95% interval of the mean
    /// (``Bootstrap/meanInterval(of:resamples:confidence:using:)``), and the histogram
    /// (``Histogram/init(binning:bins:)``); the kept τ give the median τ. Dropped ICs, diverged ones
    /// included, only enter the counts.
    ///
    /// - Parameters:
    ///   - bootstrapResamples: The number of bootstrap resamples; 0 (or less) gives no interval.
    ///   - histogramBins: The number of histogram bins (at least 1 is used).
    ///   - generator: The source of the bootstrap draws; for a bit-identical interval, pass a generator
    ///     seeded from the cell's identity only (docs/METHOD.md §5). It is advanced only when an interval is drawn.
    /// - Returns: The estimate; its statistics are nil where docs/METHOD.md §4 has too few kept ICs to define them.
    public func estimate(bootstrapResamples: Int, histogramBins: Int,
                         using generator: inout some RandomNumberGenerator) -> LambdaEstimate {
        var dropped = DropCounts()
        var lambdas: [Double] = []
        var taus: [Double] = []
        for (_, entry) in entries.sorted(by: { $0.key < $1.key }) {
            switch entry {
            case .kept(let lambda, let tau):
                lambdas.append(lambda)
                taus.append(Double(tau))
            case .dropped(let verdict):
                dropped.count(verdict)
            }
        }

        let n = Double(lambdas.count)
        let mean = lambdas.isEmpty ? nil : lambdas.reduce(0, +) / n
        let squaredDeviations = mean.map { mean in lambdas.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } }
        let interval = Bootstrap.meanInterval(of: lambdas, resamples: bootstrapResamples, using: &generator)
        return LambdaEstimate(
            total: entries.count,
            kept: lambdas.count,
            dropped: dropped,
            mean: mean,
            standardDeviation: squaredDeviations.map { ($0 / n).squareRoot() },
            standardError: lambdas.count < 2 ? nil : squaredDeviations.map { ($0 / (n - 1)).squareRoot() / n.squareRoot() },
            confidenceLower: interval?.lower,
            confidenceUpper: interval?.upper,
            medianTau: taus.isEmpty ? nil : Quantile.type7(of: taus.sorted(), at: 0.5),
            histogram: Histogram(binning: lambdas, bins: histogramBins))
    }
}
