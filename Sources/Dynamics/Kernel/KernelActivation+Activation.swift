import DynamicsKernelInterface

extension KernelActivation {
    /// The kernel's name for `activation`.
    init(_ activation: Activation) {
        switch activation {
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .relu: self = .relu
        }
    }
}
