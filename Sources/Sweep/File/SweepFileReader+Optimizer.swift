import Dynamics

extension SweepFileReader {
    /// The hyper-parameter keys of `[training]` and the optimizers that use each.
    static let optimizerParameters: [(key: String, users: [Optimizer.Kind])] = [
        ("momentum", [.momentum, .nesterov]), ("beta1", [.adam]), ("beta2", [.adam]), ("epsilon_adam", [.adam]),
        ("weight_decay", Optimizer.Kind.allCases),
    ]

    /// Reads `training.optimizer` and its hyper-parameters (docs/METHOD.md §1.4). A hyper-parameter the chosen
    /// optimizer does not use is refused rather than ignored, so a file never says more than it computes.
    mutating func readOptimizer() -> Optimizer {
        let table = "training"
        let kind = choice(table, "optimizer", default: Optimizer.Kind.gd)
        let unit = "a number in [0, 1)"
        let inUnit: (Double) -> Bool = { $0 >= 0 && $0 < 1 }
        let defaults = Optimizer()
        let optimizer = Optimizer(
            kind: kind,
            momentum: number(table, "momentum", default: defaults.momentum, allowed: inUnit, allowedText: unit),
            beta1: number(table, "beta1", default: defaults.beta1, allowed: inUnit, allowedText: unit),
            beta2: number(table, "beta2", default: defaults.beta2, allowed: inUnit, allowedText: unit),
            epsilonAdam: number(table, "epsilon_adam", default: defaults.epsilonAdam, allowed: { $0 > 0 },
                                allowedText: "a finite number > 0"),
            weightDecay: number(table, "weight_decay", default: defaults.weightDecay, allowed: { $0 >= 0 },
                                allowedText: "a finite number ≥ 0"))
        for (key, users) in Self.optimizerParameters where value(table, key) != nil && !users.contains(kind) {
            let names = users.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            report(table, key, """
                is not a parameter of optimizer = "\(kind.rawValue)"; allowed: \(key) with optimizer = \(names) \
                (docs/METHOD.md §1.4)
                """)
        }
        return optimizer
    }
}
