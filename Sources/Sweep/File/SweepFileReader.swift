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
    /// Values given on the command line in place of the file's.
    let overrides: SweepOverrides
    private(set) var issues: [SweepIssue] = []

    init(root: TOMLTable, locator: SourceLocator, file: String, overrides: SweepOverrides = SweepOverrides()) {
        self.root = root
        self.locator = locator
        self.file = file
        self.overrides = overrides
    }

    /// The schema: allowed keys of each table ("" is the top level).
    static let schema: [String: [String]] = [
        "": ["name", "seed", "data", "model", "training", "ensemble", "fit", "diagnostics"],
        "data": ["dataset", "train", "test", "split_seed", "standardize", "subset"],
        "model": ["layers", "activation", "init_std", "ghosts"],
        "training": [
            "eta", "steps", "perturb_at", "batch_size", "optimizer", "momentum", "beta1", "beta2", "epsilon_adam",
            "weight_decay",
        ],
        "ensemble": [
            "ics", "members", "epsilon", "perturb_biases", "distance", "keep_member_curves", "target_se",
            "target_ci_half_width", "max_ics", "batch", "tangent",
        ],
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
        for escape in locator.nulEscapes {
            issues.append(SweepIssue(file: file, line: escape.line, field: escape.path, message: """
                holds a NUL character (\\u0000), which would cut the string short; allowed: strings without NUL
                """))
        }
        let name = readName()
        let seed = integer("", "seed", required: true, default: 0, range: 0...Int.max)

        let (datasetName, idx) = readDataset()
        let subset = optionalInteger("data", "subset", range: 1...SweepLimits.maxSamples)
        if subset != nil, idx == nil {
            report("data", "subset", "applies to IDX datasets only; allowed: subset with dataset = { idx = [images, labels] }")
        }
        let bundled = BundledDataset(rawValue: datasetName)
        let train = optionalInteger("data", "train", range: 1...SweepLimits.maxSamples) ?? (bundled == .iris ? 120 : nil)
        let test = optionalInteger("data", "test", range: 0...SweepLimits.maxSamples) ?? (bundled == .iris ? 30 : nil)
        let splitSeed = integer("data", "split_seed", default: 0, range: 0...Int.max)
        let standardize = bool("data", "standardize", default: false)

        let layers = integerList("model", "layers", default: [4, 10, 3], elementRange: 1...SweepLimits.maxLayerWidth,
                                 countRange: 2...SweepLimits.maxLayers)
        let activation = choice("model", "activation", default: Activation.sigmoid)
        let initStd = number("model", "init_std", default: 1.0, allowed: { $0 > 0 }, allowedText: "a finite number > 0")
        let ghosts = integer("model", "ghosts", default: 0, range: 0...SweepLimits.maxLayerWidth)

        let searched = hasOnsetSearch
        let listedEtas = searched
            ? [] : numberList("training", "eta", required: true, allowed: { $0 > 0 }, allowedText: "finite learning rates > 0")
        let steps = integer("training", "steps", default: 200, range: 1...SweepLimits.maxSteps)
        let perturbAt = integer("training", "perturb_at", default: 0, range: 0...SweepLimits.maxSteps)
        let batchSize = optionalInteger("training", "batch_size", range: 1...(train ?? SweepLimits.maxSamples))
        let optimizer = readOptimizer()

        let ics = readICs()
        let members = integer("ensemble", "members", default: 5, range: 1...SweepLimits.maxMembers)
        let defaultEpsilons = (0...12).map { Foundation.pow(10.0, Double($0 - 14)) }
        let epsilons = numberList("ensemble", "epsilon", defaultValue: defaultEpsilons, allowed: { $0 > 0 && $0 < 1 },
                                  allowedText: "perturbation sizes with 0 < ε < 1")
        let perturbBiases = bool("ensemble", "perturb_biases", default: false)
        let distance = choice("ensemble", "distance", default: DistanceNorm.l1)
        let keepMembers = bool("ensemble", "keep_member_curves", default: false)
        let tangent = bool("ensemble", "tangent", default: false)
        let curveCount = epsilons.count + (tangent ? 1 : 0)  // the tangent curve is fitted like one more ε

        let precision = readPrecision(ics: ics)
        let capacity = precision?.maxICs ?? ics
        let onset = searched ? readOnset(epsilons: epsilons, precision: precision) : nil
        // An onset search's η list is its lattice: every η it can reach, indexed by position.
        let etas = onset?.lattice ?? listedEtas

        let window = readWindowRule(steps: steps)
        let minR2 = number("fit", "min_r2", default: 0.9, allowed: { $0 >= 0 && $0 <= 1 }, allowedText: "a number in [0, 1]")
        let minLambda = number("fit", "min_lambda", default: 0.05, allowed: { _ in true }, allowedText: "a finite number")
        let bootstrap = integer("fit", "bootstrap", default: 1000, range: 0...1_000_000)
        let bins = integer("fit", "histogram_bins", default: 20, range: 1...10_000)
        if precision?.measure == .intervalHalfWidth, bootstrap == 0 {
            report("ensemble", "target_ci_half_width", "needs the bootstrap 95% interval, but fit.bootstrap = 0; allowed: fit.bootstrap ≥ 1, or target_se")
        }

        var outputLayers = layers
        outputLayers[outputLayers.count - 1] += ghosts
        let parameterCount = NetworkArchitecture(layers: outputLayers, activation: activation).parameterCount
        if parameterCount > SweepLimits.maxParameters {
            report("model", "layers", """
                the network has P = \(parameterCount) parameters (weights and biases, ghost units included); allowed: at most \
                \(SweepLimits.maxParameters) (docs/sweep-limits.md)
                """)
        }
        let diagnostics = readDiagnostics(parameterCount: parameterCount, trajectorySteps: perturbAt + steps)
        if batchSize != nil, diagnostics.isEnabled || ghosts > 0 {
            report("training", "batch_size", "the diagnostics follow full-batch gradient descent; remove batch_size or the [diagnostics] table and model.ghosts")
        }
        if !optimizer.isPlainGradientDescent, diagnostics.isEnabled || ghosts > 0 {
            report("training", optimizer.kind == .gd ? "weight_decay" : "optimizer", """
                is "\(optimizer.kind.rawValue)"\(optimizer.kind == .gd ? " with weight_decay" : ""), but the diagnostics \
                (Benettin, spectrum, ghost mass, …) follow plain gradient descent and have no Jacobian of the optimizer's \
                state; allowed: optimizer = "gd" without weight_decay with [diagnostics] or model.ghosts \
                (docs/METHOD.md §6)
                """)
        }
        if tangent, !optimizer.isPlainGradientDescent {
            report("ensemble", "tangent", """
                the tangent ensemble carries its directions by the Jacobian of plain gradient descent, but the optimizer is                 "\(optimizer.kind.rawValue)"\(optimizer.kind == .gd ? " with weight_decay" : ""); allowed: tangent = true                 with optimizer = "gd" without weight_decay (docs/METHOD.md §2.5)
                """)
        }
        if precision != nil, etas.count * capacity > SweepLimits.maxTasks {
            report("ensemble", "max_ics", """
                the sweep may grow to |η| × max_ics = \(etas.count) × \(capacity) = \(etas.count * capacity) tasks; allowed: at \
                most \(SweepLimits.maxTasks) tasks per sweep (docs/sweep-limits.md)
                """)
        } else if precision != nil, etas.count * capacity * epsilons.count > SweepLimits.maxCurves {
            report("ensemble", "max_ics", """
                the sweep may grow to |η| × max_ics × |ε| = \(etas.count * capacity * epsilons.count) fitted curves; allowed: at \
                most \(SweepLimits.maxCurves) (docs/sweep-limits.md)
                """)
        } else if etas.count * ics > SweepLimits.maxTasks {
            reportICs("""
                the sweep has |η| × ics = \(etas.count) × \(ics) = \(etas.count * ics) tasks; allowed: at most \
                \(SweepLimits.maxTasks) tasks per sweep (docs/sweep-limits.md); split the sweep into several files
                """)
        } else if etas.count * ics * curveCount > SweepLimits.maxCurves {
            reportICs("""
                the sweep has |η| × ics × |ε| = \(etas.count * ics * curveCount) fitted curves; allowed: at most \
                \(SweepLimits.maxCurves) (docs/sweep-limits.md); split the sweep into several files
                """)
        }
        if bootstrap * capacity > SweepLimits.maxBootstrapDraws {
            report("fit", "bootstrap", """
                bootstrap × \(precision == nil ? "ics" : "max_ics") = \(bootstrap) × \(capacity) = \(bootstrap * capacity) draws per (η, ε); allowed: at most \
                \(SweepLimits.maxBootstrapDraws) (docs/sweep-limits.md); use fewer resamples
                """)
        }

        let definition = SweepDefinition(
            name: name, seed: UInt64(seed),
            data: .init(dataset: datasetName, idx: idx, subset: subset, train: train, test: test, splitSeed: UInt64(splitSeed),
                        standardize: standardize),
            model: .init(layers: layers, activation: activation, initStd: initStd, ghosts: ghosts),
            training: .init(etas: etas, steps: steps, perturbAt: perturbAt, batchSize: batchSize, optimizer: optimizer, onset: onset),
            ensemble: .init(ics: ics, members: members, epsilons: epsilons, perturbBiases: perturbBiases,
                            distance: distance, keepMemberCurves: keepMembers, precision: precision, tangent: tangent),
            fit: .init(window: window ?? .grid(GridWindowSearch()), filter: FitFilter(minRSquared: minR2, minLambda: minLambda),
                       bootstrapResamples: bootstrap, histogramBins: bins),
            diagnostics: diagnostics)
        // The estimate is only meaningful with the file's own sizes, not defaults put in place of wrong ones.
        let sizeFields: Set = ["data.train", "model.layers", "model.ghosts", "training.steps", "training.perturb_at", "training.optimizer",
                               "ensemble.members", "ensemble.epsilon", "ensemble.keep_member_curves"]
        if parameterCount <= SweepLimits.maxParameters,
           !issues.contains(where: { sizeFields.contains($0.field) || $0.field.hasPrefix("diagnostics.") }) {
            // Without `train` the split's size is known only once the dataset is read: SweepContext checks again.
            for problem in TaskFootprint(definition: definition, trainSamples: train ?? 0).problems() {
                report(problem.table, problem.key, problem.message)
            }
        }
        guard issues.isEmpty, window != nil else { return nil }
        return definition
    }

    /// Reads `name`, the folder of the sweep's results: [A-Za-z0-9._-], not starting with ".", 1 to 100 characters.
    private mutating func readName() -> String {
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let given = value("", "name") != nil
        let name = string("", "name", default: stem)
        guard !given || value("", "name")?.string != nil else { return name }  // not a string: reported already
        let allowed = """
            allowed: 1 to \(SweepLimits.maxNameLength) characters from A–Z, a–z, 0–9, ".", "_" and "-", not starting \
            with "." (the name is a folder under results/)
            """
        if !Self.isAllowedName(name) {
            if given {
                report("", "name", "is \(Self.quoted(name)); \(allowed)")
            } else {
                report("", "name", "is missing and the default, the file name \(Self.quoted(name)), is not a valid name; give name = \"…\"; \(allowed)")
            }
        }
        return name
    }

    /// Whether `name` may name a results folder.
    static func isAllowedName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard (1...SweepLimits.maxNameLength).contains(scalars.count), name.first != "." else { return false }
        return scalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
    }

    /// A string in quotes with control characters escaped, so a NUL or a newline is visible in a message.
    static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined() + "\""
    }

    /// Reads `ensemble.ics`, or checks the `--ics` override in its place.
    private mutating func readICs() -> Int {
        let range = 1...SweepLimits.maxICs
        guard let override = overrides.ics else {
            return integer("ensemble", "ics", required: true, default: 1, range: range)
        }
        guard range.contains(override) else {
            issues.append(SweepIssue(file: file, line: nil, field: "--ics",
                                     message: "is \(override); allowed: an integer in \(text(range)) (docs/sweep-limits.md)"))
            return 1
        }
        return override
    }

    /// Reports a problem of the number of ICs on `ensemble.ics`, or on `--ics` when it is overridden.
    private mutating func reportICs(_ message: String) {
        if overrides.ics != nil {
            issues.append(SweepIssue(file: file, line: nil, field: "--ics", message: message))
        } else {
            report("ensemble", "ics", message)
        }
    }

    /// Reads the `[fit]` window rule. Every rule must have at least one window wholly inside the T + 1 points
    /// t = 0 … T of a curve, and a maximum written in the file may not lie past the curve (the default maxima
    /// are clipped to short curves, as every window is to a shorter, diverged curve).
    private mutating func readWindowRule(steps: Int) -> WindowRule? {
        let kind = string("fit", "window", default: "grid")
        let curve = "a curve has T + 1 = \(steps + 1) points, t = 0 … \(steps)"
        switch kind {
        case "grid":
            let startMin = integer("fit", "grid_start_min", default: 0, range: 0...SweepLimits.maxSteps)
            let startMax = integer("fit", "grid_start_max", default: 100, range: startMin...SweepLimits.maxSteps)
            let startStep = integer("fit", "grid_start_step", default: 5, range: 1...SweepLimits.maxSteps)
            let lengthMin = integer("fit", "grid_length_min", default: 30, range: 3...SweepLimits.maxSteps + 1)
            let lengthMax = integer("fit", "grid_length_max", default: 100, range: lengthMin...SweepLimits.maxSteps + 1)
            let lengthStep = integer("fit", "grid_length_step", default: 5, range: 1...SweepLimits.maxSteps)
            if startMin + lengthMin > steps + 1 {
                let key = value("fit", "grid_length_min") != nil || value("fit", "grid_start_min") == nil ? "grid_length_min" : "grid_start_min"
                report("fit", key, """
                    the first window, t = \(startMin) … \(startMin + lengthMin - 1) (grid_start_min = \(startMin), grid_length_min = \
                    \(lengthMin)\(value("fit", key) == nil ? ", the default" : "")), does not fit: \(curve); allowed: \
                    grid_start_min + grid_length_min ≤ T + 1 = \(steps + 1)
                    """)
            }
            checkWritten("grid_start_max", startMax, atMost: steps - 2, "the last start that leaves the 3 points a fit needs, T − 2", curve)
            checkWritten("grid_length_max", lengthMax, atMost: steps + 1, "the points of a curve, T + 1", curve)
            return .grid(GridWindowSearch(startMin: startMin, startMax: startMax, startStep: startStep,
                                          lengthMin: lengthMin, lengthMax: lengthMax, lengthStep: lengthStep))
        case "anchored":
            let endMin = integer("fit", "anchored_end_min", default: 10, range: 2...SweepLimits.maxSteps)
            let endMax = integer("fit", "anchored_end_max", default: 200, range: endMin...SweepLimits.maxSteps)
            if endMin > steps {
                report("fit", "anchored_end_min", """
                    is \(endMin)\(value("fit", "anchored_end_min") == nil ? " (the default)" : ""): the shortest window t = 0 … \
                    \(endMin) does not fit: \(curve); allowed: anchored_end_min ≤ T = \(steps)
                    """)
            }
            checkWritten("anchored_end_max", endMax, atMost: steps, "the last point of a curve, T", curve)
            return .anchored(AnchoredWindowSearch(endMin: endMin, endMax: endMax))
        case "fixed":
            let startRange = 0...max(0, steps - 2)
            let start = integer("fit", "fixed_start", required: true, default: 0, range: startRange)
            let end = integer("fit", "fixed_end", required: true, default: steps, range: min(start + 2, steps)...steps)
            guard steps >= 2 else {
                report("fit", "window", "a fixed window needs at least 3 points, but \(curve); allowed: training.steps ≥ 2")
                return nil
            }
            return .fixed(start: start, end: end)
        default:
            report("fit", "window", "is \(Self.quoted(kind)); allowed: \"grid\", \"anchored\", \"fixed\"")
            return nil
        }
    }

    /// Reports `fit.key` if it is written in the file and exceeds `limit` (named by `what`).
    private mutating func checkWritten(_ key: String, _ number: Int, atMost limit: Int, _ what: String, _ curve: String) {
        guard value("fit", key) != nil, number > limit else { return }
        report("fit", key, "is \(number), past the end of the curve: \(curve); allowed: at most \(what) = \(limit)")
    }

    // MARK: - Typed field readers

    mutating func report(_ table: String, _ key: String?, _ message: String) {
        let field = [table, key ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
        report(field: field, line: locator.line(table: table, key: key), message)
    }

    /// Reports a field placed on a given line (a key inside an inline table).
    mutating func report(field: String, line: Int?, _ message: String) {
        issues.append(SweepIssue(file: file, line: line, field: field, message: message))
    }

    func value(_ table: String, _ key: String) -> (any TOMLValueConvertible)? {
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
        case .string: return "a string (\(Self.quoted(value.string!)))"
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
        guard number.isFinite, allowed(number) else {
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
        _ table: String, _ key: String, default defaultValue: [Int], elementRange: ClosedRange<Int>, countRange: ClosedRange<Int>
    ) -> [Int] {
        guard let raw = value(table, key) else { return defaultValue }
        let allowedText = "an array of \(countRange.lowerBound) to \(countRange.upperBound) integers in \(text(elementRange))"
        guard let array = raw.array else {
            report(table, key, "must be \(allowedText), found \(describe(raw))")
            return defaultValue
        }
        guard countRange.contains(array.count) else {
            report(table, key, "has \(array.count) entries; allowed: \(allowedText)")
            return defaultValue
        }
        let values = array.map { $0.int }
        guard values.allSatisfy({ $0.map(elementRange.contains) ?? false }) else {
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
        let countText = "at most \(SweepLimits.maxListCount) values (docs/sweep-limits.md); split the sweep into several files"
        var values: [Double]
        if let single = raw.double ?? raw.int.map(Double.init) {
            values = [single]
        } else if let array = raw.array {
            guard array.count <= SweepLimits.maxListCount else {
                report(table, key, "has \(array.count) values; allowed: \(countText)")
                return defaultValue
            }
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
            guard keys == ["from", "to", "count"], let from, let to, let count, from > 0, to > 0, from.isFinite, to.isFinite,
                  count >= 1 else {
                report(table, key, "a range must have exactly from > 0, to > 0 (finite numbers) and count ≥ 1 (integer); found \(raw.debugDescription)")
                return defaultValue
            }
            guard count <= SweepLimits.maxListCount else {
                report(table, key, "the range has count = \(count); allowed: \(countText)")
                return defaultValue
            }
            values = Self.logSpaced(from: from, to: to, count: count)
        } else {
            report(table, key, "must be \(forms), found \(describe(raw))")
            return defaultValue
        }
        if let bad = values.first(where: { !$0.isFinite || !allowed($0) }) {
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
