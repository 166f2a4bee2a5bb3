import Analysis
import Diagnostics
import Dynamics
import Foundation
import TOMLKit

/// Walks a parsed TOML document against the sweep schema, collecting located issues.
struct SweepFileReader {
    let root: TOMLTable
    let locator: SourceLocator
    let file: String
    private(set) var issues: [SweepIssue] = []

    init(root: TOMLTable, locator: SourceLocator, file: String) {
        self.root = root
        self.locator = locator
        self.file = file
    }

    /// The schema: allowed keys of each table ("" is the top level).
    static let schema: [String: [String]] = [
        "": ["name", "seed", "data", "model", "training", "ensemble", "fit", "diagnostics"],
        "data": ["dataset", "train", "test", "split_seed", "standardize"],
        "model": ["layers", "activation", "init_std", "ghosts"],
        "training": ["eta", "steps", "perturb_at", "batch_size"],
        "ensemble": ["ics", "members", "epsilon", "perturb_biases", "distance", "keep_member_curves"],
        "fit": [
            "window", "grid_start_min", "grid_start_max", "grid_start_step", "grid_length_min",
            "grid_length_max", "grid_length_step", "anchored_end_min", "anchored_end_max", "fixed_start",
            "fixed_end", "min_r2", "min_lambda", "bootstrap", "histogram_bins",
        ],
        "diagnostics": [
            "benettin", "benettin_delta0", "spectrum", "qr_every", "invariant_measure", "per_weight", "loss_series",
            "kantz_embedding", "kantz_delay", "kantz_radius", "kantz_steps", "kantz_theiler_window", "acf_lags",
            "surrogates",
        ],
    ]

    mutating func readDefinition() -> SweepDefinition? {
        checkUnknownKeys()
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = string("", "name", default: stem)
        let seed = integer("", "seed", required: true, default: 0, range: 0...Int.max)

        let datasetName = string("data", "dataset", default: "iris")
        let isIris = datasetName == BundledDataset.iris.rawValue
        let train = optionalInteger("data", "train", range: 1...Int.max) ?? (isIris ? 120 : nil)
        let test = optionalInteger("data", "test", range: 0...Int.max) ?? (isIris ? 30 : nil)
        let splitSeed = integer("data", "split_seed", default: 0, range: 0...Int.max)
        let standardize = bool("data", "standardize", default: false)

        let layers = integerList("model", "layers", default: [4, 10, 3], elementRange: 1...100_000, minCount: 2)
        let activation = choice("model", "activation", default: Activation.sigmoid)
        let initStd = number("model", "init_std", default: 1.0, allowed: { $0 > 0 }, allowedText: "a positive number")
        let ghosts = integer("model", "ghosts", default: 0, range: 0...10_000)

        let etas = numberList("training", "eta", required: true, allowed: { $0 > 0 }, allowedText: "positive learning rates")
        let steps = integer("training", "steps", default: 200, range: 1...10_000_000)
        let perturbAt = integer("training", "perturb_at", default: 0, range: 0...10_000_000)
        let batchSize = optionalInteger("training", "batch_size", range: 1...(train ?? Int.max))

        let ics = integer("ensemble", "ics", required: true, default: 0, range: 1...100_000_000)
        let members = integer("ensemble", "members", default: 5, range: 1...100_000)
        let defaultEpsilons = (0...12).map { Foundation.pow(10.0, Double($0 - 14)) }
        let epsilons = numberList("ensemble", "epsilon", defaultValue: defaultEpsilons, allowed: { $0 > 0 && $0 < 1 },
                                  allowedText: "perturbation sizes with 0 < ε < 1")
        let perturbBiases = bool("ensemble", "perturb_biases", default: false)
        let distance = choice("ensemble", "distance", default: DistanceNorm.l1)
        let keepMembers = bool("ensemble", "keep_member_curves", default: false)

        let window = readWindowRule(steps: steps)
        let minR2 = number("fit", "min_r2", default: 0.9, allowed: { $0 >= 0 && $0 <= 1 }, allowedText: "a number in [0, 1]")
        let minLambda = number("fit", "min_lambda", default: 0.05, allowed: { $0.isFinite }, allowedText: "a finite number")
        let bootstrap = integer("fit", "bootstrap", default: 1000, range: 0...1_000_000)
        let bins = integer("fit", "histogram_bins", default: 20, range: 1...10_000)

        var outputLayers = layers
        outputLayers[outputLayers.count - 1] += ghosts
        let parameterCount = NetworkArchitecture(layers: outputLayers, activation: activation).parameterCount
        let diagnostics = readDiagnostics(parameterCount: parameterCount, trajectorySteps: perturbAt + steps)
        if batchSize != nil, diagnostics.isEnabled || ghosts > 0 {
            report("training", "batch_size", "the diagnostics follow full-batch gradient descent; remove batch_size or the [diagnostics] table and model.ghosts")
        }

        guard issues.isEmpty, let window else { return nil }
        return SweepDefinition(
            name: name, seed: UInt64(seed),
            data: .init(dataset: datasetName, train: train, test: test, splitSeed: UInt64(splitSeed), standardize: standardize),
            model: .init(layers: layers, activation: activation, initStd: initStd, ghosts: ghosts),
            training: .init(etas: etas, steps: steps, perturbAt: perturbAt, batchSize: batchSize),
            ensemble: .init(ics: ics, members: members, epsilons: epsilons, perturbBiases: perturbBiases,
                            distance: distance, keepMemberCurves: keepMembers),
            fit: .init(window: window, filter: FitFilter(minRSquared: minR2, minLambda: minLambda),
                       bootstrapResamples: bootstrap, histogramBins: bins),
            diagnostics: diagnostics)
    }

    private mutating func readWindowRule(steps: Int) -> WindowRule? {
        let kind = string("fit", "window", default: "grid")
        switch kind {
        case "grid":
            let startMin = integer("fit", "grid_start_min", default: 0, range: 0...Int.max)
            let startMax = integer("fit", "grid_start_max", default: 100, range: startMin...Int.max)
            let startStep = integer("fit", "grid_start_step", default: 5, range: 1...Int.max)
            let lengthMin = integer("fit", "grid_length_min", default: 30, range: 3...Int.max)
            let lengthMax = integer("fit", "grid_length_max", default: 100, range: lengthMin...Int.max)
            let lengthStep = integer("fit", "grid_length_step", default: 5, range: 1...Int.max)
            return .grid(GridWindowSearch(startMin: startMin, startMax: startMax, startStep: startStep,
                                          lengthMin: lengthMin, lengthMax: lengthMax, lengthStep: lengthStep))
        case "anchored":
            let endMin = integer("fit", "anchored_end_min", default: 10, range: 2...Int.max)
            let endMax = integer("fit", "anchored_end_max", default: 200, range: endMin...Int.max)
            return .anchored(AnchoredWindowSearch(endMin: endMin, endMax: endMax))
        case "fixed":
            let start = integer("fit", "fixed_start", required: true, default: 0, range: 0...steps)
            let end = integer("fit", "fixed_end", required: true, default: steps, range: (start + 2)...max(start + 2, steps))
            return .fixed(start: start, end: end)
        default:
            report("fit", "window", "is \"\(kind)\"; allowed: \"grid\", \"anchored\", \"fixed\"")
            return nil
        }
    }

    // MARK: - Typed field readers

    mutating func report(_ table: String, _ key: String?, _ message: String) {
        let field = [table, key ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
        issues.append(SweepIssue(file: file, line: locator.line(table: table, key: key), field: field, message: message))
    }

    private func value(_ table: String, _ key: String) -> (any TOMLValueConvertible)? {
        if table.isEmpty { return root[key] }
        return root[table]?.table?[key]
    }

    private mutating func checkUnknownKeys() {
        for (key, value) in root {
            guard let allowed = Self.schema[""], allowed.contains(key) else {
                report("", key, "unknown key; allowed at the top level: \(Self.schema[""]!.joined(separator: ", "))")
                continue
            }
            guard let tableKeys = Self.schema[key] else { continue }
            guard let table = value.table else {
                report("", key, "must be a table [\(key)], found \(describe(value))")
                continue
            }
            for (inner, _) in table where !tableKeys.contains(inner) {
                report(key, inner, "unknown key in [\(key)]; allowed: \(tableKeys.joined(separator: ", "))")
            }
        }
    }

    private func describe(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .int: return "an integer (\(value.int!))"
        case .double: return "a number (\(value.double!))"
        case .string: return "a string (\"\(value.string!)\")"
        case .bool: return "a boolean (\(value.bool!))"
        case .array: return "an array"
        case .table: return "a table"
        default: return "a date or time"
        }
    }

    private mutating func missing(_ table: String, _ key: String, _ what: String) {
        report(table, key, "is required but missing; give \(what)")
    }

    mutating func string(_ table: String, _ key: String, default defaultValue: String) -> String {
        guard let raw = value(table, key) else { return defaultValue }
        guard let text = raw.string else {
            report(table, key, "must be a string, found \(describe(raw))")
            return defaultValue
        }
        return text
    }

    mutating func bool(_ table: String, _ key: String, default defaultValue: Bool) -> Bool {
        guard let raw = value(table, key) else { return defaultValue }
        guard let flag = raw.bool else {
            report(table, key, "must be true or false, found \(describe(raw))")
            return defaultValue
        }
        return flag
    }

    mutating func integer(
        _ table: String, _ key: String, required: Bool = false, default defaultValue: Int,
        range: ClosedRange<Int>
    ) -> Int {
        guard let raw = value(table, key) else {
            if required { missing(table, key, "an integer in \(text(range))") }
            return defaultValue
        }
        guard let number = raw.int else {
            report(table, key, "must be an integer in \(text(range)), found \(describe(raw))")
            return defaultValue
        }
        guard range.contains(number) else {
            report(table, key, "is \(number); allowed: an integer in \(text(range))")
            return defaultValue
        }
        return number
    }

    mutating func optionalInteger(_ table: String, _ key: String, range: ClosedRange<Int>) -> Int? {
        guard value(table, key) != nil else { return nil }
        return integer(table, key, default: range.lowerBound, range: range)
    }

    mutating func number(
        _ table: String, _ key: String, default defaultValue: Double, allowed: (Double) -> Bool, allowedText: String
    ) -> Double {
        guard let raw = value(table, key) else { return defaultValue }
        guard let number = raw.double ?? raw.int.map(Double.init) else {
            report(table, key, "must be \(allowedText), found \(describe(raw))")
            return defaultValue
        }
        guard allowed(number) else {
            report(table, key, "is \(number); allowed: \(allowedText)")
            return defaultValue
        }
        return number
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ table: String, _ key: String, default defaultValue: Choice
    ) -> Choice where Choice.RawValue == String {
        let options = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let raw = value(table, key) else { return defaultValue }
        guard let text = raw.string, let choice = Choice(rawValue: text) else {
            report(table, key, "is \(describe(raw)); allowed: \(options)")
            return defaultValue
        }
        return choice
    }

    mutating func integerList(
        _ table: String, _ key: String, default defaultValue: [Int], elementRange: ClosedRange<Int>, minCount: Int
    ) -> [Int] {
        guard let raw = value(table, key) else { return defaultValue }
        let allowedText = "an array of at least \(minCount) integers in \(text(elementRange))"
        guard let array = raw.array else {
            report(table, key, "must be \(allowedText), found \(describe(raw))")
            return defaultValue
        }
        let values = array.map { $0.int }
        guard values.count >= minCount, values.allSatisfy({ $0.map(elementRange.contains) ?? false }) else {
            report(table, key, "is \(raw.debugDescription); allowed: \(allowedText)")
            return defaultValue
        }
        return values.map { $0! }
    }

    /// A list of numbers given as one number, an array, or a log-spaced range `{ from, to, count }`.
    mutating func numberList(
        _ table: String, _ key: String, required: Bool = false, defaultValue: [Double] = [],
        allowed: (Double) -> Bool, allowedText: String
    ) -> [Double] {
        let forms = "a number, an array of numbers, or a log-spaced range { from = A, to = B, count = N }"
        guard let raw = value(table, key) else {
            if required { missing(table, key, "\(allowedText): \(forms)") }
            return defaultValue
        }
        var values: [Double]
        if let single = raw.double ?? raw.int.map(Double.init) {
            values = [single]
        } else if let array = raw.array {
            let parsed = array.map { $0.double ?? $0.int.map(Double.init) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                report(table, key, "must be \(forms); found an array that is empty or holds a non-number")
                return defaultValue
            }
            values = parsed.map { $0! }
        } else if let range = raw.table {
            let keys = Set(range.map(\.0))
            let from = range["from"].flatMap { $0.double ?? $0.int.map(Double.init) }
            let to = range["to"].flatMap { $0.double ?? $0.int.map(Double.init) }
            let count = range["count"]?.int
            guard keys == ["from", "to", "count"], let from, let to, let count, from > 0, to > 0, count >= 1 else {
                report(table, key, "a range must have exactly from > 0, to > 0 (numbers) and count ≥ 1 (integer); found \(raw.debugDescription)")
                return defaultValue
            }
            values = Self.logSpaced(from: from, to: to, count: count)
        } else {
            report(table, key, "must be \(forms), found \(describe(raw))")
            return defaultValue
        }
        if let bad = values.first(where: { !allowed($0) }) {
            report(table, key, "contains \(bad); allowed: \(allowedText)")
            return defaultValue
        }
        return values
    }

    /// `count` numbers from `from` to `to`, equally spaced in log₁₀: 10^(a + i(b − a)/(count − 1)).
    static func logSpaced(from: Double, to: Double, count: Int) -> [Double] {
        guard count > 1 else { return [from] }
        let a = Foundation.log10(from), b = Foundation.log10(to)
        return (0..<count).map { i in
            i == 0 ? from : i == count - 1 ? to : Foundation.pow(10, a + Double(i) * (b - a) / Double(count - 1))
        }
    }

    private func text(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "[\(range.lowerBound), ∞)" : "[\(range.lowerBound), \(range.upperBound)]"
    }
}
