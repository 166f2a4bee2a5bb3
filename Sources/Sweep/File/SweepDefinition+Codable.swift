import Analysis
import Diagnostics
import Dynamics

// The canonical JSON of a definition is its identity: the store compares it to refuse a changed sweep
// and hashes it for provenance. Fields added after a database was made are written only when they differ
// from their default, so a sweep that does not use them keeps the identity it had before they existed
// (a run started before diagnostics resumes), and decoding an older definition fills in the defaults.

extension SweepDefinition {
    private enum CodingKeys: String, CodingKey {
        case name, seed, data, model, training, ensemble, fit, diagnostics
    }

    /// Decodes a definition; a missing `diagnostics` means all off.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        seed = try container.decode(UInt64.self, forKey: .seed)
        data = try container.decode(DataSection.self, forKey: .data)
        model = try container.decode(ModelSection.self, forKey: .model)
        training = try container.decode(TrainingSection.self, forKey: .training)
        ensemble = try container.decode(EnsembleSection.self, forKey: .ensemble)
        fit = try container.decode(FitSection.self, forKey: .fit)
        diagnostics = try container.decodeIfPresent(DiagnosticsSettings.self, forKey: .diagnostics) ?? DiagnosticsSettings()
    }

    /// Encodes a definition; `diagnostics` only when some setting differs from the default.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(seed, forKey: .seed)
        try container.encode(data, forKey: .data)
        try container.encode(model, forKey: .model)
        try container.encode(training, forKey: .training)
        try container.encode(ensemble, forKey: .ensemble)
        try container.encode(fit, forKey: .fit)
        if diagnostics != DiagnosticsSettings() {
            try container.encode(diagnostics, forKey: .diagnostics)
        }
    }
}

extension SweepDefinition.ModelSection {
    private enum CodingKeys: String, CodingKey {
        case layers, activation, initStd, ghosts
    }

    /// Decodes the `[model]` table; a missing `ghosts` means none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        layers = try container.decode([Int].self, forKey: .layers)
        activation = try container.decode(Activation.self, forKey: .activation)
        initStd = try container.decode(Double.self, forKey: .initStd)
        ghosts = try container.decodeIfPresent(Int.self, forKey: .ghosts) ?? 0
    }

    /// Encodes the `[model]` table; `ghosts` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(layers, forKey: .layers)
        try container.encode(activation, forKey: .activation)
        try container.encode(initStd, forKey: .initStd)
        if ghosts != 0 {
            try container.encode(ghosts, forKey: .ghosts)
        }
    }
}

extension SweepDefinition.EnsembleSection {
    private enum CodingKeys: String, CodingKey {
        case ics, members, epsilons, perturbBiases, distance, keepMemberCurves, precision, tangent
    }

    /// Decodes the `[ensemble]` table; a missing `precision` means a fixed `ics`, a missing `tangent` off.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ics = try container.decode(Int.self, forKey: .ics)
        members = try container.decode(Int.self, forKey: .members)
        epsilons = try container.decode([Double].self, forKey: .epsilons)
        perturbBiases = try container.decode(Bool.self, forKey: .perturbBiases)
        distance = try container.decode(DistanceNorm.self, forKey: .distance)
        keepMemberCurves = try container.decode(Bool.self, forKey: .keepMemberCurves)
        precision = try container.decodeIfPresent(PrecisionTarget.self, forKey: .precision)
        tangent = try container.decodeIfPresent(Bool.self, forKey: .tangent) ?? false
    }

    /// Encodes the `[ensemble]` table; `precision` only when set and `tangent` only when on, so a sweep without
    /// them keeps the definition (and the database identity) it had before they existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ics, forKey: .ics)
        try container.encode(members, forKey: .members)
        try container.encode(epsilons, forKey: .epsilons)
        try container.encode(perturbBiases, forKey: .perturbBiases)
        try container.encode(distance, forKey: .distance)
        try container.encode(keepMemberCurves, forKey: .keepMemberCurves)
        try container.encodeIfPresent(precision, forKey: .precision)
        if tangent {
            try container.encode(tangent, forKey: .tangent)
        }
    }
}

extension SweepDefinition.TrainingSection {
    private enum CodingKeys: String, CodingKey {
        case etas, steps, perturbAt, batchSize, optimizer, onset
    }

    /// Decodes the `[training]` table; a missing `optimizer` means plain gradient descent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        etas = try container.decode([Double].self, forKey: .etas)
        steps = try container.decode(Int.self, forKey: .steps)
        perturbAt = try container.decode(Int.self, forKey: .perturbAt)
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize)
        optimizer = try container.decodeIfPresent(Optimizer.self, forKey: .optimizer) ?? .gd
        onset = try container.decodeIfPresent(OnsetSearch.self, forKey: .onset)
    }

    /// Encodes the `[training]` table; `batchSize` when set, `optimizer` only when it is not plain gradient descent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(etas, forKey: .etas)
        try container.encode(steps, forKey: .steps)
        try container.encode(perturbAt, forKey: .perturbAt)
        try container.encodeIfPresent(batchSize, forKey: .batchSize)
        if optimizer != .gd {
            try container.encode(optimizer, forKey: .optimizer)
        }
        try container.encodeIfPresent(onset, forKey: .onset)
    }
}
