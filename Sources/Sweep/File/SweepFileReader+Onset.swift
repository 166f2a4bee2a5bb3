import TOMLKit

/// The onset search of `training.eta = { onset = { from, to, grid, tolerance, epsilon, statistic, level, crossings } }`.
extension SweepFileReader {
    /// The keys of an onset search.
    static let onsetKeys = ["from", "to", "grid", "tolerance", "epsilon", "statistic", "level", "crossings"]

    /// Whether `training.eta` is written as an onset search.
    var hasOnsetSearch: Bool { value("training", "eta")?.table?["onset"] != nil }

    /// Reads the onset search; nil (with every problem reported) when it is inconsistent. The search's ε must be one
    /// of the sweep's ε values (it may be left out when there is only one); a precision target cannot be combined
    /// with it (each η of the search gets `ics` ICs).
    mutating func readOnset(epsilons: [Double], precision: PrecisionTarget?) -> OnsetSearch? {
        let issuesBefore = issues.count
        guard let eta = value("training", "eta")?.table, let table = eta["onset"]?.table else {
            reportOnset(nil, "must be a table { from = A, to = B, … }; allowed keys: \(Self.onsetKeys.joined(separator: ", "))")
            return nil
        }
        for (key, _) in eta where key != "onset" {
            report("training", "eta", "has \(key) beside onset; allowed: eta = { onset = { … } } alone, or a list of η")
        }
        for (key, _) in table where !Self.onsetKeys.contains(key) {
            reportOnset(key, "unknown key in the onset search; allowed: \(Self.onsetKeys.joined(separator: ", "))")
        }
        func number(_ key: String) -> Double? {
            guard let raw = table[key] else { return nil }
            guard let number = raw.double ?? raw.int.map(Double.init), number.isFinite else {
                reportOnset(key, "must be a finite number, found \(raw.debugDescription)")
                return nil
            }
            return number
        }
        let ceiling = 1e100
        let from = number("from"), to = number("to")
        if table["from"] == nil { reportOnset("from", "is required; give the lowest η of the coarse grid, a number > 0") }
        if table["to"] == nil { reportOnset("to", "is required; give the highest η of the coarse grid, a number > from") }
        if let from, !(from > 0 && from <= ceiling) {
            reportOnset("from", "is \(from); allowed: a learning rate in (0, \(ceiling)]")
        }
        if let to, !(to > 0 && to <= ceiling) {
            reportOnset("to", "is \(to); allowed: a learning rate in (0, \(ceiling)]")
        } else if let from, let to, from >= to {
            reportOnset("to", "is \(to), not above from = \(from); allowed: from < to (the search range goes up)")
        }
        var grid = 8
        if let raw = table["grid"] {
            if let value = raw.int, (2...SweepLimits.maxListCount).contains(value) {
                grid = value
            } else {
                reportOnset("grid", "is \(raw.debugDescription); allowed: an integer in [2, \(SweepLimits.maxListCount)] (points of the coarse grid)")
            }
        }
        let tolerance = number("tolerance") ?? 0.05
        if tolerance <= 0 {
            reportOnset("tolerance", "is \(tolerance); allowed: a relative bracket width hi/lo − 1 > 0")
        }
        var statistic = OnsetSearch.Statistic.keptFraction
        if let raw = table["statistic"] {
            if let text = raw.string, let value = OnsetSearch.Statistic(rawValue: text) {
                statistic = value
            } else {
                reportOnset("statistic", "is \(raw.debugDescription); allowed: \(OnsetSearch.Statistic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
        }
        let level = number("level") ?? 0.5
        if statistic == .keptFraction, !(0...1).contains(level) {
            reportOnset("level", "is \(level); allowed: a kept fraction in [0, 1]")
        }
        var crossings = OnsetSearch.Crossings.lowest
        if let raw = table["crossings"] {
            if let text = raw.string, let value = OnsetSearch.Crossings(rawValue: text) {
                crossings = value
            } else {
                reportOnset("crossings", "is \(raw.debugDescription); allowed: \(OnsetSearch.Crossings.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
        }
        let listed = epsilons.map { "\($0)" }.joined(separator: ", ")
        var epsilon = epsilons.count == 1 ? epsilons[0] : nil
        if let given = number("epsilon") {
            if epsilons.contains(where: { $0.bitPattern == given.bitPattern }) {
                epsilon = given
            } else {
                reportOnset("epsilon", "is \(given), not one of the sweep's ε values; allowed: one of ensemble.epsilon = [\(listed)]")
            }
        } else if table["epsilon"] == nil, epsilon == nil {
            reportOnset("epsilon", "is required when the sweep has several ε values; allowed: one of ensemble.epsilon = [\(listed)]")
        }
        if let precision {
            report("ensemble", precision.measure.rawValue, """
                is set with an onset search (training.eta = { onset = … }), whose every η gets ics ICs; allowed: a \
                precision target with a list of η, or an onset search without one
                """)
        }
        guard issues.count == issuesBefore, let from, let to, let epsilon else { return nil }
        guard let depth = OnsetSearch.depth(from: from, to: to, grid: grid, tolerance: tolerance, limit: SweepLimits.maxListCount) else {
            reportOnset("tolerance", """
                is \(tolerance): reaching it from a grid of \(grid) points over [\(from), \(to)] needs more than \
                \(SweepLimits.maxListCount) lattice values of η; allowed: a larger tolerance, more grid points or a narrower range
                """)
            return nil
        }
        return OnsetSearch(from: from, to: to, grid: grid, tolerance: tolerance, epsilon: epsilon, statistic: statistic,
                           level: level, crossings: crossings, depth: depth)
    }

    /// Reports a key of the onset search as `training.eta.onset.KEY`, on the line of `eta = …` (or of the key, when
    /// the search is written as its own table).
    private mutating func reportOnset(_ key: String?, _ message: String) {
        let field = "training.eta.onset" + (key.map { ".\($0)" } ?? "")
        let line = key.flatMap { locator.keyLine(path: "training.eta.onset.\($0)") } ?? locator.line(table: "training", key: "eta")
        report(field: field, line: line, message)
    }
}
