import Foundation

/// The activations of every layer of a network for every sample of a dataset, in one flat buffer, and the
/// forward pass that fills them: what the plain ``GradientEvaluator`` and its ``GradientEvaluator/Curvature``
/// share.
///
/// Layer l's block starts at `offsets[l]` and holds `sampleCount × width_l` values, sample after sample;
/// layer 0 is a copy of the features, the hidden layers hold σ(z), the last layer the logits. Other
/// per-layer quantities of the same shape (errors, tangents) use the same offsets.
struct LayerActivations: Sendable {
    /// The network shape and parameter order.
    let architecture: NetworkArchitecture
    /// Where each layer's block starts.
    let offsets: [Int]
    /// The values of every layer (see the type's description).
    var values: [Double]

    /// Buffers for a network on a dataset, layer 0 filled with its features.
    ///
    /// - Precondition: the network fits the dataset (``NetworkArchitecture/requireFits(_:)``).
    init(architecture: NetworkArchitecture, data: Dataset) {
        architecture.requireFits(data)
        self.architecture = architecture
        var offsets: [Int] = []
        var total = 0
        for width in architecture.layers {
            offsets.append(total)
            total += width * data.sampleCount
        }
        self.offsets = offsets
        values = [Double](repeating: 0, count: total)
        values.replaceSubrange(0..<data.features.count, with: data.features)
    }

    /// The number of values in a buffer of this layout.
    var count: Int { values.count }

    /// The forward pass at `parameters` for `samples`: z_i = b_i + Σ_j W_ij a_j, summed over j in order,
    /// then σ on every layer but the last.
    mutating func forward(_ parameters: [Double], samples: some Sequence<Int>) {
        let layers = architecture.layers
        let last = architecture.layerCount - 1
        for l in 0...last {
            let inputs = layers[l], outputs = layers[l + 1]
            let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
            let input = offsets[l], output = offsets[l + 1]
            for n in samples {
                for i in 0..<outputs {
                    var z = parameters[b + i]
                    for j in 0..<inputs {
                        z += parameters[w + i * inputs + j] * values[input + n * inputs + j]
                    }
                    values[output + n * outputs + i] = l == last ? z : architecture.activation.apply(z)
                }
            }
        }
    }

    /// Σ_n −ln p_{y_n}(x_n) over `samples`, in their order, of the stored logits (through log-sum-exp);
    /// with `withProbabilities`, also hands every softmax probability p_i(x_n) to `probability`.
    func crossEntropySum(
        samples: some Sequence<Int>, labels: [Int], withProbabilities: Bool,
        _ probability: (_ sample: Int, _ unit: Int, _ value: Double) -> Void
    ) -> Double {
        let outputs = architecture.layers.last!
        let logits = offsets.last!
        var total = 0.0
        for n in samples {
            let row = logits + n * outputs
            var largest = -Double.infinity
            for i in 0..<outputs { largest = max(largest, values[row + i]) }
            var sum = 0.0
            for i in 0..<outputs { sum += Foundation.exp(values[row + i] - largest) }
            total += largest + Foundation.log(sum) - values[row + labels[n]]
            if withProbabilities {
                for i in 0..<outputs { probability(n, i, Foundation.exp(values[row + i] - largest) / sum) }
            }
        }
        return total
    }
}
