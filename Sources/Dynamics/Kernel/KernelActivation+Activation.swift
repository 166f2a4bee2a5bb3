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

extension KernelNorm {
    /// The kernel's form of a distance norm.
    init(_ norm: DistanceNorm) {
        switch norm {
        case .l1: self = .l1
        case .l2: self = .l2
        }
    }
}
