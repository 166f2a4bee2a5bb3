/// A hidden-layer nonlinearity evaluated on ``Lanes``; one conforming type per ``Activation`` case,
/// so the kernel is specialised per activation and its inner loops carry no switch.
protocol LaneActivation {
    /// σ(z) in every lane.
    static func apply(_ z: Lanes) -> Lanes
    /// dσ/dz expressed through the output a = σ(z), as ``Activation/derivative(output:)``.
    static func derivative(output a: Lanes) -> Lanes
}

/// 1 / (1 + e^−z).
enum SigmoidLanes: LaneActivation {
    @inline(__always)
    static func apply(_ z: Lanes) -> Lanes { 1 / (1 + LaneMath.exp(-z)) }
    @inline(__always)
    static func derivative(output a: Lanes) -> Lanes { a * (1 - a) }
}

/// tanh z = sign(z) (1 − e^−2|z|) / (1 + e^−2|z|): absolute error a few ulp of 1, no overflow.
enum TanhLanes: LaneActivation {
    @inline(__always)
    static func apply(_ z: Lanes) -> Lanes {
        let magnitude = z.replacing(with: -z, where: z .< 0)
        let t = LaneMath.exp(-2 * magnitude)
        let positive = (1 - t) / (1 + t)
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
