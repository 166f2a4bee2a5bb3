import Foundation

extension GradientEvaluator {
    /// Exact Hessian-vector products H(W)·v of the mean cross-entropy loss, and with them the Jacobian of
    /// the gradient-descent map, by Pearlmutter's R-operator (forward-mode differentiation of backprop).
    ///
    /// ``expand(at:)`` runs the forward pass and backpropagation once at a point W and keeps every
    /// activation a_l, the softmax probabilities p and the errors δ_l = ∂L/∂z_l. Each
    /// ``hessianVectorProduct(along:into:)`` then differentiates that computation along a direction
    /// V = (V_l, v_l) of the parameters (written R{·} = d/dr ·(W + rV) at r = 0):
    ///
    /// - forward: R{z_1} = V_0 a_0 + v_0;  R{a_l} = σ′(z_l) R{z_l};  R{z_{l+1}} = V_l a_l + v_l + W_l R{a_l};
    /// - output: R{δ_L} = p ⊙ (R{z_L} − ⟨p, R{z_L}⟩) / N;
    /// - backward: R{∂L/∂W_l} = Σ_n R{δ_{l+1}} a_lᵀ + δ_{l+1} R{a_l}ᵀ,  R{∂L/∂b_l} = Σ_n R{δ_{l+1}},
    ///   R{δ_l} = (V_lᵀ δ_{l+1} + W_lᵀ R{δ_{l+1}}) ⊙ σ′(z_l) + (W_lᵀ δ_{l+1}) ⊙ σ″(z_l) R{z_l},
    ///
    /// and R{∇L} = H·v exactly (to rounding), at the cost of about two gradient evaluations per vector.
    /// For relu, σ″ = 0 and the product is that of the piecewise-quadratic loss on W's side of every kink.
    ///
    /// The workspace owns its buffers, sized once for the architecture and the dataset; products along
    /// many vectors at the same W share one ``expand(at:)``. The output may be wider than the class count
    /// (ghost units, which no label selects).
    public struct Curvature: Sendable {
        /// The network shape and parameter order.
        public let architecture: NetworkArchitecture
        /// The samples the loss averages over.
        public let data: Dataset

        /// W at the last ``expand(at:)``.
        private var parameters: [Double]
        /// Per layer (sampleCount × width, flat): layer 0 the inputs, hidden layers σ(z_l), the last the logits.
        private var activations: LayerActivations
        /// Per layer l ≥ 1: δ_l = ∂L/∂z_l at W.
        private var errors: [Double]
        /// Per hidden layer: W_lᵀ δ_{l+1}, the error before the factor σ′(z_l).
        private var backErrors: [Double]
        /// Softmax probabilities of the output layer.
        private var probabilities: [Double]
        /// Per layer l ≥ 1: R{z_l} for the current direction.
        private var tangentInputs: [Double]
        /// R{δ} of the current and the previous layer during the backward sweep.
        private var tangentErrors: [Double]
        private var previousTangentErrors: [Double]

        /// Creates a workspace for a network on a dataset.
        ///
        /// - Precondition: the input width equals the dataset's feature count and the output width is at
        ///   least its class count.
        public init(architecture: NetworkArchitecture, data: Dataset) {
            self.architecture = architecture
            self.data = data
            activations = LayerActivations(architecture: architecture, data: data)
            let total = activations.count
            parameters = [Double](repeating: 0, count: architecture.parameterCount)
            errors = [Double](repeating: 0, count: total)
            backErrors = [Double](repeating: 0, count: total)
            tangentInputs = [Double](repeating: 0, count: total)
            probabilities = [Double](repeating: 0, count: architecture.layers.last! * data.sampleCount)
            let widest = architecture.layers.max()! * data.sampleCount
            tangentErrors = [Double](repeating: 0, count: widest)
            previousTangentErrors = [Double](repeating: 0, count: widest)
        }

        /// Runs the forward pass and backpropagation at W and keeps them for the products that follow.
        ///
        /// - Returns: The loss L(W) (mean cross-entropy, through log-sum-exp).
        @discardableResult
        public mutating func expand(at parameters: [Double]) -> Double {
            precondition(parameters.count == architecture.parameterCount, "one value per parameter")
            self.parameters = parameters
            activations.forward(parameters, samples: 0..<data.sampleCount)
            let loss = softmaxErrors()
            backward()
            return loss
        }

        /// Mean over the samples of the total softmax probability on output `units` at the last expanded W:
        /// (1/N) Σ_n Σ_{c ∈ units} p_c(x_n; W). With the ghost units as `units`, the ghost mass.
        public func outputMass(units: Range<Int>) -> Double {
            let outputs = architecture.layers.last!
            precondition(units.lowerBound >= 0 && units.upperBound <= outputs, "units outside the output layer")
            var total = 0.0
            for n in 0..<data.sampleCount {
                for c in units { total += probabilities[n * outputs + c] }
            }
            return total / Double(data.sampleCount)
        }

        /// Writes H(W)·v into `product`, for W the last expanded point.
        ///
        /// - Parameters:
        ///   - vector: The direction v, one entry per parameter in canonical order.
        ///   - product: Receives ∇²L(W)·v in the same order.
        public mutating func hessianVectorProduct(along vector: [Double], into product: inout [Double]) {
            precondition(vector.count == architecture.parameterCount && product.count == vector.count)
            tangentForward(vector)
            tangentBackward(vector, product: &product)
        }

        /// Writes J(W)·v = v − η H(W)·v into `product`: the Jacobian-vector product of one gradient-descent
        /// step g(W) = W − η∇L(W), for W the last expanded point.
        public mutating func gradientDescentTangent(along vector: [Double], learningRate eta: Double,
                                                    into product: inout [Double]) {
            hessianVectorProduct(along: vector, into: &product)
            for j in product.indices { product[j] = vector[j] - eta * product[j] }
        }

        /// Stores p and δ_L = (p − onehot(y))/N; returns the mean cross-entropy.
        private mutating func softmaxErrors() -> Double {
            let outputs = architecture.layers.last!, labels = data.labels
            let samples = data.sampleCount, logits = activations.offsets.last!
            var probabilities: [Double] = [], errors: [Double] = []
            swap(&probabilities, &self.probabilities)  // moved, not copied, while the closure writes them
            swap(&errors, &self.errors)
            let total = activations.crossEntropySum(samples: 0..<samples, labels: labels, withProbabilities: true) { n, i, p in
                probabilities[n * outputs + i] = p
                errors[logits + n * outputs + i] = (p - (i == labels[n] ? 1 : 0)) / Double(samples)
            }
            swap(&probabilities, &self.probabilities)
            swap(&errors, &self.errors)
            return total / Double(samples)
        }

        /// δ_l = (W_lᵀ δ_{l+1}) ⊙ σ′(z_l) for every hidden layer, keeping W_lᵀ δ_{l+1}.
        private mutating func backward() {
            let layers = architecture.layers
            let samples = data.sampleCount
            for l in stride(from: architecture.layerCount - 1, through: 1, by: -1) {
                let inputs = layers[l], outputs = layers[l + 1]
                let w = architecture.weightOffset(layer: l)
                let input = activations.offsets[l], output = activations.offsets[l + 1]
                for n in 0..<samples {
                    for j in 0..<inputs {
                        var back = 0.0
                        for i in 0..<outputs { back += errors[output + n * outputs + i] * parameters[w + i * inputs + j] }
                        let a = activations.values[input + n * inputs + j]
                        backErrors[input + n * inputs + j] = back
                        errors[input + n * inputs + j] = back * architecture.activation.derivative(output: a)
                    }
                }
            }
        }

        /// R{z_l} for every layer l ≥ 1 along V.
        private mutating func tangentForward(_ v: [Double]) {
            let layers = architecture.layers
            let samples = data.sampleCount
            let activation = architecture.activation
            for l in 0..<architecture.layerCount {
                let inputs = layers[l], outputs = layers[l + 1]
                let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
                let input = activations.offsets[l], output = activations.offsets[l + 1]
                for n in 0..<samples {
                    for i in 0..<outputs {
                        var rz = v[b + i]
                        for j in 0..<inputs {
                            let a = activations.values[input + n * inputs + j]
                            rz += v[w + i * inputs + j] * a
                            if l > 0 {
                                let ra = activation.derivative(output: a) * tangentInputs[input + n * inputs + j]
                                rz += parameters[w + i * inputs + j] * ra
                            }
                        }
                        tangentInputs[output + n * outputs + i] = rz
                    }
                }
            }
        }

        /// R{δ_l} from the output down, accumulating R{∇L} = H·v into `product`.
        private mutating func tangentBackward(_ v: [Double], product: inout [Double]) {
            let layers = architecture.layers
            let samples = data.sampleCount
            let activation = architecture.activation
            let outputs = layers.last!
            let logits = activations.offsets.last!
            for n in 0..<samples {
                let row = n * outputs
                var mean = 0.0
                for c in 0..<outputs { mean += probabilities[row + c] * tangentInputs[logits + row + c] }
                for c in 0..<outputs {
                    tangentErrors[row + c] = probabilities[row + c] * (tangentInputs[logits + row + c] - mean)
                        / Double(samples)
                }
            }
            for l in stride(from: architecture.layerCount - 1, through: 0, by: -1) {
                let inputs = layers[l], outputs = layers[l + 1]
                let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
                let input = activations.offsets[l], output = activations.offsets[l + 1]
                for i in 0..<outputs {
                    var biasProduct = 0.0
                    for n in 0..<samples { biasProduct += tangentErrors[n * outputs + i] }
                    product[b + i] = biasProduct
                    for j in 0..<inputs {
                        var weightProduct = 0.0
                        for n in 0..<samples {
                            let a = activations.values[input + n * inputs + j]
                            weightProduct += tangentErrors[n * outputs + i] * a
                            if l > 0 {
                                let ra = activation.derivative(output: a) * tangentInputs[input + n * inputs + j]
                                weightProduct += errors[output + n * outputs + i] * ra
                            }
                        }
                        product[w + i * inputs + j] = weightProduct
                    }
                }
                guard l > 0 else { break }
                for n in 0..<samples {
                    for j in 0..<inputs {
                        var back = 0.0
                        for i in 0..<outputs {
                            back += v[w + i * inputs + j] * errors[output + n * outputs + i]
                                + parameters[w + i * inputs + j] * tangentErrors[n * outputs + i]
                        }
                        let cell = input + n * inputs + j
                        let a = activations.values[cell]
                        previousTangentErrors[n * inputs + j] = back * activation.derivative(output: a)
                            + backErrors[cell] * activation.secondDerivative(output: a) * tangentInputs[cell]
                    }
                }
                swap(&tangentErrors, &previousTangentErrors)
            }
        }
    }
}

extension Activation {
    /// The second derivative d²σ/dz² through the output a = σ(z): a(1 − a)(1 − 2a) for sigmoid,
    /// −2a(1 − a²) for tanh, 0 for relu (everywhere but the kink).
    @inline(__always)
    fileprivate func secondDerivative(output a: Double) -> Double {
        switch self {
        case .sigmoid: return a * (1 - a) * (1 - 2 * a)
        case .tanh: return -2 * a * (1 - a * a)
        case .relu: return 0
        }
    }
}
