/// The ε → 0 limit of a perturbation ensemble: M tangent vectors carried by the Jacobian of a map, and the
/// mean of their norms, t = 0, 1, … (docs/METHOD.md §2.5).
///
/// Where a finite copy follows W′(t) = W(t) + δ(t), its linearisation follows v(t + 1) = J(W(t)) v(t) from
/// v(0) = δ/ε, with no round-off floor and no saturation. ⟨‖v‖⟩(t) = (1/M) Σ_i ‖v_i(t)‖ in the ensemble's
/// norm is the ε → 0 limit of ⟨d⟩(t)/ε.
///
/// The vectors are kept as ṽ_i = v_i · 2^−K with one integer K for all of them: whenever the mean norm of ṽ
/// leaves [2^−256, 2^256], every ṽ_i is multiplied by a power of two that brings it back near 1 and K absorbs
/// the exponent. Multiplying by a power of two is exact and the map's Jacobian is linear, so the curve has the
/// same bits as without renormalisation, however long it grows or shrinks, and the vectors never overflow.
public struct TangentPropagation: Sendable {
    /// The norm of a vector (the ensemble's distance norm).
    public let norm: DistanceNorm
    /// The tangent vectors ṽ_i = v_i · 2^−K.
    public private(set) var vectors: [[Double]]
    /// K, the binary exponent taken out of every vector so far.
    public private(set) var exponent = 0
    /// Per recorded step: the mean norm of ṽ and K at that step.
    private var means: [Double] = []
    private var exponents: [Int] = []

    /// Starts from the directions v_i(0).
    ///
    /// - Precondition: at least one vector, all of one length.
    public init(directions: [[Double]], norm: DistanceNorm) {
        precondition(!directions.isEmpty && directions.allSatisfy { $0.count == directions[0].count },
                     "tangent vectors of one length")
        vectors = directions
        self.norm = norm
    }

    /// The number of steps recorded.
    public var recordedSteps: Int { means.count }

    /// Records ⟨‖v‖⟩ at the current step, then renormalises if the mean left [2^−256, 2^256].
    ///
    /// - Returns: false if a vector is not finite (the propagation then stops).
    public mutating func record() -> Bool {
        let zero = [Double](repeating: 0, count: vectors[0].count)
        var sum = 0.0
        for vector in vectors { sum += norm.distance(vector, zero) }
        guard sum.isFinite else { return false }
        let mean = sum / Double(vectors.count)
        means.append(mean)
        exponents.append(exponent)
        if mean > 0x1p256 || (mean > 0 && mean < 0x1p-256) {
            let shift = Int(mean.exponent)
            let factor = Double(sign: .plus, exponent: -shift, significand: 1)
            for i in vectors.indices {
                for j in vectors[i].indices { vectors[i][j] *= factor }
            }
            exponent += shift
        }
        return true
    }

    /// Replaces every vector by its image: `apply(v, &image)` writes J·v into `image`.
    public mutating func advance(_ apply: (_ vector: [Double], _ image: inout [Double]) -> Void) {
        var image = [Double](repeating: 0, count: vectors[0].count)
        for i in vectors.indices {
            apply(vectors[i], &image)
            swap(&vectors[i], &image)
        }
    }

    /// ⟨‖v‖⟩(t) for every recorded step, m(t) · 2^K(t).
    ///
    /// If ln⟨‖v‖⟩ of the curve spans beyond the normal Float64 range (2^±1000), the whole curve is divided by
    /// one power of two, 2^c with c the midpoint of its binary exponents, so that it fits: this shifts the
    /// intercept of a fit by c ln 2 and changes neither Λ nor R².
    public var meanNorms: [Double] {
        let logs = zip(means, exponents).map { mean, exponent in mean > 0 ? Int(mean.exponent) + exponent : exponent }
        let low = logs.min() ?? 0, high = logs.max() ?? 0
        let shift = low < -1000 || high > 1000 ? (low + high) / 2 : 0
        return zip(means, exponents).map { mean, exponent in
            Double(sign: .plus, exponent: exponent - shift, significand: mean)
        }
    }
}
