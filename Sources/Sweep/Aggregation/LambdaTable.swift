import Analysis
import Dynamics
import RandomStreams

/// One row of the result: λ_nMLE and its statistics at one (η, ε).
public struct LambdaRow: Hashable, Sendable, Codable {
    /// Position of η in the sweep.
    public var etaIndex: Int
    /// The learning rate.
    public var eta: Double
    /// Position of ε in the sweep.
    public var epsilonIndex: Int
    /// The perturbation size.
    public var epsilon: Double
    /// λ_nMLE, its spread, interval, counts and histogram (docs/METHOD.md §4).
    public var estimate: LambdaEstimate
    /// Where the row stands against the sweep's precision target; nil for a sweep without one.
    public var precision: PrecisionStatus? = nil
}

/// Folds per-IC fits into λ_nMLE(η, ε) as results arrive, in any order.
///
/// The table depends only on the set of fits added, not on their order or on duplicates
/// (a result added twice replaces itself), so a distributed run and an in-process run agree bit for bit.
public struct LambdaTable: Sendable {
    /// The sweep whose results are folded.
    public let definition: SweepDefinition
    private var cells: [[LambdaAccumulator]]

    /// An empty table for a sweep.
    public init(definition: SweepDefinition) {
        self.definition = definition
        cells = definition.training.etas.map { _ in
            definition.ensemble.curveEpsilons.map { _ in LambdaAccumulator() }
        }
    }

    /// Adds the fits of one task.
    public mutating func add(_ fits: [ICFit]) {
        for fit in fits {
            cells[fit.etaIndex][fit.epsilonIndex].add(icIndex: fit.icIndex, verdict: fit.verdict, fit: fit.fit)
        }
    }

    /// λ_nMLE for every (η, ε), η-major, each with its bootstrap interval drawn from the stream
    /// (sweep seed, η index, ε index); with a tangent ensemble each η ends with the ε → 0 row (ε = 0, ε index |ε|).
    /// An onset search has rows only for the lattice η it computed (those with a result).
    public func rows() -> [LambdaRow] {
        let searched = definition.training.onset != nil
        return definition.training.etas.enumerated().filter { !searched || cells[$0.offset].contains { $0.count > 0 } }.flatMap { etaIndex, eta in
            definition.ensemble.curveEpsilons.enumerated().map { epsilonIndex, epsilon in
                var stream = RandomStream(.bootstrap, [definition.seed, UInt64(etaIndex), UInt64(epsilonIndex)])
                let estimate = cells[etaIndex][epsilonIndex].estimate(
                    bootstrapResamples: definition.fit.bootstrapResamples,
                    histogramBins: definition.fit.histogramBins, using: &stream)
                return LambdaRow(etaIndex: etaIndex, eta: eta, epsilonIndex: epsilonIndex, epsilon: epsilon, estimate: estimate,
                                 precision: definition.ensemble.precision?.status(of: estimate))
            }
        }
    }
}
