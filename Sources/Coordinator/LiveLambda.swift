import Analysis
import Sweep

/// λ_nMLE per (η, ε) as results arrive, cheap enough to copy from the broker thread several times a second.
///
/// It holds one ``LambdaAccumulator`` per cell and no bootstrap: ``points()`` gives the mean and the standard
/// deviation of the kept Λ (the dashboard's plot), computed by the reader, not by the broker.
public struct LiveLambda: Sendable {
    /// The learning rates, in sweep order.
    public let etas: [Double]
    /// The perturbation sizes, in sweep order.
    public let epsilons: [Double]
    private var cells: [[LambdaAccumulator]]

    /// An empty table for a sweep.
    public init(definition: SweepDefinition) {
        etas = definition.training.etas
        epsilons = definition.ensemble.epsilons
        cells = Array(
            repeating: Array(repeating: LambdaAccumulator(), count: definition.ensemble.epsilons.count),
            count: definition.training.etas.count)
    }

    /// Adds the fits of one task (an IC seen again replaces its entry).
    public mutating func add(_ fits: [ICFit]) {
        for fit in fits {
            cells[fit.etaIndex][fit.epsilonIndex].add(icIndex: fit.icIndex, verdict: fit.verdict, fit: fit.fit)
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

    /// Every (η, ε) cell, η-major (a non-finite mean or deviation is left out).
    public func points() -> [Point] {
        var generator = SystemRandomNumberGenerator()
        return etas.indices.flatMap { etaIndex in
            epsilons.indices.map { epsilonIndex in
                let estimate = cells[etaIndex][epsilonIndex].estimate(bootstrapResamples: 0, histogramBins: 1, using: &generator)
                return Point(eta: etas[etaIndex], epsilon: epsilons[epsilonIndex], lambda: estimate.mean.filter(\.isFinite),
                             standardDeviation: estimate.standardDeviation.filter(\.isFinite), kept: estimate.kept,
                             total: estimate.total)
            }
        }
    }
}

extension Optional where Wrapped == Double {
    /// The value if it passes `isIncluded`, else nil.
    fileprivate func filter(_ isIncluded: (Double) -> Bool) -> Double? {
        flatMap { isIncluded($0) ? $0 : nil }
    }
}
