import Foundation

/// A search for the onset of chaos (`training.eta = { onset = { … } }`): the coordinator computes a coarse log grid
/// of η, then adds the geometric midpoint of the bracket where a statistic of the ensembles at one ε crosses a
/// level, until the bracket's relative width hi/lo − 1 is at most the tolerance.
///
/// Every η the search can reach lies on a fixed **lattice**: the coarse grid, refined `depth` times by inserting
/// √(lo·hi) between neighbours, where `depth` is the fewest refinements after which every neighbouring pair is
/// within the tolerance. The lattice is the sweep's η list (`training.etas`), so an η's index — and a task's id,
/// `η index × ics + IC` — is its position on the lattice: fixed by the sweep text alone, whatever order the search
/// visits it in. A midpoint is computed from the stored values of its bracket (`(lo × hi).squareRoot()`, correctly
/// rounded), so it is the same Float64 on every machine.
public struct OnsetSearch: Hashable, Sendable, Codable {
    /// The statistic of one η whose crossing of the level the search locates (at the search's ε).
    public enum Statistic: String, Hashable, Sendable, Codable, CaseIterable {
        /// The fraction of ICs whose fit is kept, in [0, 1].
        case keptFraction = "kept_fraction"
        /// λ_nMLE, the mean Λ of the kept ICs, per GD step; an η with no kept IC counts as below any level.
        case lambda
    }

    /// Which crossings the search refines when the statistic crosses the level more than once.
    public enum Crossings: String, Hashable, Sendable, Codable, CaseIterable {
        /// Only the crossing at the lowest η.
        case lowest
        /// Every crossing of the coarse grid, refined side by side.
        case all
    }

    /// The lowest η of the coarse grid (> 0).
    public var from: Double
    /// The highest η of the coarse grid (> `from`).
    public var to: Double
    /// Points of the coarse grid (≥ 2), log-spaced from `from` to `to` like `{ from, to, count }`.
    public var grid: Int
    /// The relative width hi/lo − 1 at which a bracket is resolved (> 0).
    public var tolerance: Double
    /// The ε whose ensembles the statistic is taken from: one of the sweep's ε values.
    public var epsilon: Double
    /// The statistic.
    public var statistic: Statistic
    /// The level it crosses (in [0, 1] for the kept fraction; per GD step for λ).
    public var level: Double
    /// Which crossings are refined.
    public var crossings: Crossings
    /// Refinements of the coarse grid the lattice holds: 2^depth − 1 lattice points lie between coarse neighbours.
    public var depth: Int

    /// Lattice positions from one coarse point to the next (2^depth).
    public var stride: Int { 1 << depth }

    /// The lattice positions of the coarse grid: the η indices the search starts with.
    public var coarsePositions: [Int] { (0..<grid).map { $0 * stride } }

    /// The most η the search adds to the coarse grid: `depth` midpoints per refined crossing, and a coarse grid of
    /// `grid` points has at most `grid − 1` crossings.
    public var maxAdded: Int { depth * (crossings == .all ? grid - 1 : 1) }

    /// The relative width of a bracket [lo, hi]: hi/lo − 1.
    public static func relativeWidth(low: Double, high: Double) -> Double { high / low - 1 }

    /// Every η the search can reach, by lattice position: the coarse grid refined `depth` times.
    public var lattice: [Double] {
        (0..<depth).reduce(SweepFileReader.logSpaced(from: from, to: to, count: grid)) { values, _ in Self.refined(values) }
    }

    /// The depth of a search's lattice: the fewest refinements of the coarse grid after which every neighbouring
    /// pair is within `tolerance`; nil if the lattice would hold more than `limit` values.
    public static func depth(from: Double, to: Double, grid: Int, tolerance: Double, limit: Int) -> Int? {
        var values = SweepFileReader.logSpaced(from: from, to: to, count: grid)
        var depth = 0
        while zip(values, values.dropFirst()).contains(where: { relativeWidth(low: $0, high: $1) > tolerance }) {
            guard values.count * 2 - 1 <= limit else { return nil }
            values = refined(values)
            depth += 1
        }
        return depth
    }

    /// The values with the geometric midpoint √(lo·hi) of each neighbouring pair inserted between them.
    static func refined(_ values: [Double]) -> [Double] {
        zip(values, values.dropFirst()).flatMap { [$0, ($0 * $1).squareRoot()] } + [values[values.count - 1]]
    }
}
