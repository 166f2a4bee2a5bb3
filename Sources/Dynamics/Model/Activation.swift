import Foundation

/// The hidden-layer nonlinearity of the network.
public enum Activation: String, CaseIterable, Hashable, Sendable, Codable {
    /// The logistic function 1 / (1 + e^−z) (the default, docs/METHOD.md §1).
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// The rectifier max(0, z).
    case relu

    /// The activation of a pre-activation value `z`.
    @inline(__always)
    public func apply(_ z: Double) -> Double {
        switch self {
        case .sigmoid: return 1 / (1 + Foundation.exp(-z))
        case .tanh: return Foundation.tanh(z)
        case .relu: return z > 0 ? z : 0
        }
    }

    /// The derivative dσ/dz expressed through the activation's output `a = σ(z)`.
    @inline(__always)
    public func derivative(output a: Double) -> Double {
        switch self {
        case .sigmoid: return a * (1 - a)
        case .tanh: return 1 - a * a
        case .relu: return a > 0 ? 1 : 0
        }
    }
}
