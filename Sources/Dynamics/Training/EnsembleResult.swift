/// The divergence of one ε ensemble from its reference.
public struct DivergenceCurve: Hashable, Sendable, Codable {
    /// The perturbation size ε.
    public var epsilon: Double
    /// ⟨d⟩(t) = (1/M) Σ_i d_i(t) for t = 0, 1, … steps after the perturbation. It stops before the
    /// first step at which the reference or any member diverged.
    public var meanDistance: [Double]
    /// Each member's d_i(t), when the spec asked for them (same length as `meanDistance`).
    public var memberDistances: [[Double]]?
    /// Members whose loss or parameters became non-finite.
    public var divergedMembers: Int
    /// The first step at which the reference or a member was non-finite, or nil.
    public var divergedAt: Int?
    /// How finely the perturbation survived rounding: the median, over every member and perturbed parameter j,
    /// of |(w_j + δ_j) − w_j| / ulp(w_j) at the perturbed point (docs/METHOD.md §2.1, ``PerturbationResolution``);
    /// nil where it was not measured (the tangent curve, an empty ensemble, results stored before it existed).
    public var resolution: Double?

    /// Whether this (IC, ε) had a non-finite trajectory and must be counted apart.
    public var diverged: Bool { divergedAt != nil }

    /// Creates a curve; see the properties for meanings.
    public init(epsilon: Double, meanDistance: [Double], memberDistances: [[Double]]?, divergedMembers: Int, divergedAt: Int?,
                resolution: Double? = nil) {
        self.epsilon = epsilon
        self.resolution = resolution
        self.meanDistance = meanDistance
        self.memberDistances = memberDistances
        self.divergedMembers = divergedMembers
        self.divergedAt = divergedAt
    }
}

/// Everything one ensemble task produces: the reference's loss and one divergence curve per ε.
public struct EnsembleResult: Hashable, Sendable, Codable {
    /// Training loss of the reference, L(W(t)) for t = 0 … T after the perturbation (shorter if it diverged).
    public var referenceLoss: [Double]
    /// The first step (after the perturbation) at which the reference was non-finite, or nil.
    public var referenceDivergedAt: Int?
    /// One curve per ε, in the spec's order.
    public var curves: [DivergenceCurve]

    /// Creates a result; see the properties for meanings.
    public init(referenceLoss: [Double], referenceDivergedAt: Int?, curves: [DivergenceCurve]) {
        self.referenceLoss = referenceLoss
        self.referenceDivergedAt = referenceDivergedAt
        self.curves = curves
    }
}
