import Analysis
import Sweep

/// λ_nMLE per (η, ε) as results arrive, in constant memory, cheap enough to copy from the broker thread several
/// times a second.
///
/// Each cell keeps running moments of the kept Λ (Welford's update) and counts, not the Λ themselves: the live
/// view of a run of a million results stays a few kilobytes. The published tables (`lambda.csv`, the report) are
/// computed from the store, in IC order, bit for bit; the live mean may differ from them in the last bits.
/// Every task is stored once, so every IC enters a cell once.
public struct LiveLambda: Sendable {
    /// The learning rates, in sweep order.
    public let etas: [Double]
    /// The perturbation sizes, in sweep order, then 0 for the tangent curve (ε → 0) if the sweep has one.
    public let epsilons: [Double]
    /// Initial conditions per η: a cell is complete when this many ICs have a result.
    public let icsPerEta: Int
    /// Whether `etas` is an onset search's lattice, most of which is never computed.
    public let searched: Bool
    private var cells: [[RunningMoments]]

    /// An empty table for a sweep.
    public init(definition: SweepDefinition) {
        etas = definition.training.etas
        epsilons = definition.ensemble.curveEpsilons
        icsPerEta = definition.ensemble.ics
        searched = definition.training.onset != nil
        cells = Array(
            repeating: Array(repeating: RunningMoments(), count: definition.ensemble.curveEpsilons.count),
            count: definition.training.etas.count)
    }

    /// Adds the fits of one task.
    public mutating func add(_ fits: [ICFit]) {
        for fit in fits where cells.indices.contains(fit.etaIndex) && cells[fit.etaIndex].indices.contains(fit.epsilonIndex) {
            cells[fit.etaIndex][fit.epsilonIndex].add(fit.verdict == .kept ? fit.fit?.lambda : nil)
        }
    }

    /// One point of the λ_nMLE(ε) plot.
    public struct Point: Sendable, Codable, Equatable {
        /// The learning rate of the series.
        public var eta: Double
        /// The perturbation size.
        public var epsilon: Double
        /// λ_nMLE: the mean of the kept Λ, per gradient-descent step; nil while no IC is kept.
        public var lambda: Double?
        /// The population standard deviation of the kept Λ; nil while no IC is kept.
        public var standardDeviation: Double?
        /// ICs kept.
        public var kept: Int
        /// ICs with a result.
        public var total: Int
    }

    /// Every (η, ε) cell, η-major (a non-finite mean or deviation is left out); of an onset search's lattice only
    /// the η with a result.
    public func points() -> [Point] {
        etas.indices.filter { !searched || cells[$0].contains { $0.total > 0 } }.flatMap { etaIndex in
            epsilons.indices.map { epsilonIndex in
                let cell = cells[etaIndex][epsilonIndex]
                return Point(eta: etas[etaIndex], epsilon: epsilons[epsilonIndex], lambda: cell.mean.flatMap(finite),
                             standardDeviation: cell.standardDeviation.flatMap(finite), kept: cell.kept, total: cell.total)
            }
        }
    }
}

/// The count, mean and population standard deviation of a stream of values, by Welford's update.
struct RunningMoments: Sendable {
    private(set) var total = 0
    private(set) var kept = 0
    private var runningMean = 0.0
    private var squaredDeviations = 0.0

    /// Counts one IC; a kept one with its Λ, a dropped one as nil.
    mutating func add(_ value: Double?) {
        total += 1
        guard let value else { return }
        kept += 1
        let delta = value - runningMean
        runningMean += delta / Double(kept)
        squaredDeviations += delta * (value - runningMean)
    }

    var mean: Double? { kept == 0 ? nil : runningMean }
    var standardDeviation: Double? { kept == 0 ? nil : (squaredDeviations / Double(kept)).squareRoot() }
}

/// The value if it is finite, else nil.
private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
