import Foundation

/// One bracket of an onset search: two neighbouring η whose statistic lies on different sides of the level.
public struct OnsetBracket: Hashable, Sendable, Codable {
    /// The lower η.
    public var low: Double
    /// The upper η.
    public var high: Double
    /// The statistic at `low` (nil: λ with no IC kept).
    public var lowValue: Double?
    /// The statistic at `high`.
    public var highValue: Double?
    /// Whether its relative width hi/lo − 1 is within the tolerance.
    public var resolved: Bool
    /// Lattice positions (η indices) of `low` and `high`.
    public var lowPosition: Int
    /// See ``lowPosition``.
    public var highPosition: Int

    /// The relative width hi/lo − 1.
    public var relativeWidth: Double { OnsetSearch.relativeWidth(low: low, high: high) }

    /// η_c, the bracket's geometric midpoint √(lo·hi): within hi/lo − 1 of every η in the bracket.
    public var criticalEta: Double { (low * high).squareRoot() }
}

/// One η of an onset search so far.
public struct OnsetPoint: Hashable, Sendable, Codable {
    /// The learning rate.
    public var eta: Double
    /// ICs with a stored result.
    public var stored: Int
    /// The statistic from them (nil: no result, or λ with no IC kept).
    public var value: Double?
}

/// An onset search's state: the η created, the brackets, which are refined, and whether it is over.
public struct OnsetState: Hashable, Sendable, Codable {
    /// The search.
    public var search: OnsetSearch
    /// ICs per η.
    public var ics: Int
    /// Every η created, ascending.
    public var points: [OnsetPoint]
    /// Every crossing among the complete η, ascending.
    public var brackets: [OnsetBracket]
    /// The `low` of each bracket the search refines (the lowest, or all).
    public var refined: [Double]
    /// Whether the search is over.
    public var finished: Bool

    /// The brackets the search refines.
    public var refinedBrackets: [OnsetBracket] { brackets.filter { refined.contains($0.low) } }

    /// η created whose ICs are all stored.
    public var doneCount: Int { points.lazy.filter { $0.stored >= ics }.count }

    /// The result as lines of text: what was searched, then η_c and its bracket for each refined crossing (saying
    /// whether it is the lowest of several), or that there is none.
    public func text() -> String {
        let statistic = search.statistic == .keptFraction ? "kept fraction" : "λ_nMLE"
        var lines = ["onset search: \(statistic) = \(search.level) at ε = \(search.epsilon), bracket hi/lo − 1 ≤ \(search.tolerance); "
            + "\(points.count) η (\(doneCount) done, \(points.count - doneCount) open), \(finished ? "finished" : "running")"]
        let chosen = refinedBrackets
        if brackets.isEmpty {
            lines.append(doneCount == points.count || finished
                ? "  no crossing of the level in [\(search.from), \(search.to)]" : "  no crossing yet")
        }
        for (rank, bracket) in chosen.enumerated() {
            let which = search.crossings == .lowest
                ? (brackets.count > 1 ? "lowest of \(brackets.count) crossings" : "the only crossing")
                : "crossing \(rank + 1) of \(brackets.count)"
            lines.append("  η_c = \(format(bracket.criticalEta)) in [\(format(bracket.low)), \(format(bracket.high))] "
                + "(hi/lo − 1 = \(format(bracket.relativeWidth)), \(bracket.resolved ? "resolved" : "refining"); \(which); "
                + "\(statistic) \(bracket.lowValue.map(format) ?? "-") → \(bracket.highValue.map(format) ?? "-"))")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
