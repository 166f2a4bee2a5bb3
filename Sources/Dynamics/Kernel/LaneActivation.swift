/// A hidden-layer nonlinearity evaluated on ``Lanes``; one conforming type per ``Activation`` case,
/// so the kernel is specialised per activation and its inner loops carry no switch.
protocol LaneActivation {
    /// σ(z) in every lane.
    static func apply(_ z: Lanes) -> Lanes
    /// dσ/dz expressed through the output a = σ(z), as ``Activation/derivative(output:)``.
    static func derivative(output a: Lanes) -> Lanes
}

/// 1 / (1 + e^−z), as 1 / (1 + t) for z ≥ 0 and t / (1 + t) for z < 0 with t = e^−|z| ≤ 1: within
/// 4 ulp of `1 / (1 + exp(−z))` wherever σ(z) ≥ 3.3e-308 (an absolute error below 3.4e-308 elsewhere),
/// no division, no overflow.
enum SigmoidLanes: LaneActivation {
    @inline(__always)
    static func apply(_ z: Lanes) -> Lanes {
        let t = LaneMath.expNegativeMagnitude(z)
        let reciprocal = LaneMath.reciprocalOfOnePlus(t)
        return reciprocal.replacing(with: t * reciprocal, where: z .< 0)
    }
    @inline(__always)
    static func derivative(output a: Lanes) -> Lanes { a * (1 - a) }
}

/// tanh z = sign(z) (1 − t) / (1 + t) with t = e^−2|z|: absolute error a few ulp of 1, no overflow,
/// no division.
enum TanhLanes: LaneActivation {
    @inline(__always)
    static func apply(_ z: Lanes) -> Lanes {
        let t = LaneMath.expNegativeMagnitude(2 * z)
        let positive = (1 - t) * LaneMath.reciprocalOfOnePlus(t)
        return positive.replacing(with: -positive, where: z .< 0)
    }
    @inline(__always)
    static func derivative(output a: Lanes) -> Lanes { 1 - a * a }
}

/// max(0, z), with NaN mapped to 0 exactly as ``Activation/apply(_:)``.
enum ReluLanes: LaneActivation {
    @inline(__always)
    static func apply(_ z: Lanes) -> Lanes { z.replacing(with: 0, where: .!(z .> 0)) }
    @inline(__always)
    static func derivative(output a: Lanes) -> Lanes {
        Lanes(repeating: 0).replacing(with: 1, where: a .> 0)
    }
}
