/// The state of one trajectory's ``Optimizer`` and its update step (docs/METHOD.md §1.4).
///
/// A fresh state is all zeros; copying a state copies it exactly, which is how the reference's state at the
/// perturbation is given to every copy.
public struct OptimizerState: Hashable, Sendable {
    /// The rule and its hyper-parameters.
    public let optimizer: Optimizer
    /// v (momentum, Nesterov) or m (Adam), P numbers; empty for gd.
    public private(set) var first: [Double]
    /// s (Adam), P numbers; empty otherwise.
    public private(set) var second: [Double]
    /// Steps taken so far (n).
    public private(set) var stepCount: Int
    /// β₁ⁿ and β₂ⁿ of Adam's bias correction, as running products (no library `pow`, so the bits do not
    /// depend on the C library).
    private var beta1Power = 1.0, beta2Power = 1.0

    /// A zero state for a network of `parameterCount` parameters.
    public init(optimizer: Optimizer, parameterCount: Int) {
        self.optimizer = optimizer
        first = [Double](repeating: 0, count: optimizer.stateVectorCount >= 1 ? parameterCount : 0)
        second = [Double](repeating: 0, count: optimizer.stateVectorCount >= 2 ? parameterCount : 0)
        stepCount = 0
    }

    /// One step of the map: updates `parameters` in place from the loss gradient at them, and the state.
    ///
    /// - Parameters:
    ///   - parameters: W, replaced by W(t + 1).
    ///   - gradient: ∇L(W) (without weight decay; λW is added here).
    ///   - eta: The learning rate η.
    public mutating func step(_ parameters: inout [Double], gradient: [Double], learningRate eta: Double) {
        stepCount += 1
        let decay = optimizer.weightDecay
        switch optimizer.kind {
        case .gd:
            if decay == 0 {
                // The exact operations of plain gradient descent (the oracle of the lockstep kernel).
                for j in parameters.indices { parameters[j] -= eta * gradient[j] }
            } else {
                for j in parameters.indices { parameters[j] -= eta * (gradient[j] + decay * parameters[j]) }
            }
        case .momentum:
            let mu = optimizer.momentum
            for j in parameters.indices {
                let g = gradient[j] + decay * parameters[j]
                first[j] = mu * first[j] + g
                parameters[j] -= eta * first[j]
            }
        case .nesterov:
            let mu = optimizer.momentum
            for j in parameters.indices {
                let g = gradient[j] + decay * parameters[j]
                first[j] = mu * first[j] + g
                parameters[j] -= eta * (g + mu * first[j])
            }
        case .adam:
            let beta1 = optimizer.beta1, beta2 = optimizer.beta2
            beta1Power *= beta1
            beta2Power *= beta2
            let correction1 = 1 - beta1Power, correction2 = 1 - beta2Power
            for j in parameters.indices {
                let g = gradient[j] + decay * parameters[j]
                first[j] = beta1 * first[j] + (1 - beta1) * g
                second[j] = beta2 * second[j] + (1 - beta2) * (g * g)
                let mHat = first[j] / correction1, sHat = second[j] / correction2
                parameters[j] -= eta * mHat / (sHat.squareRoot() + optimizer.epsilonAdam)
            }
        }
    }
}
