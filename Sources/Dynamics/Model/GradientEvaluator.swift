import Foundation

/// Evaluates the mean cross-entropy loss of a network on a dataset and its exact gradient by backpropagation.
///
/// The evaluator owns its scratch buffers, sized once for the architecture and the dataset, so a
/// training loop evaluates millions of gradients without allocating. The output layer is softmax and
/// the loss is L(W) = (1/N) Σ_n −ln p_{y_n}(x_n; W), computed stably through log-sum-exp.
///
/// This is the plain, one-trajectory-at-a-time implementation: clear rather than fast, and the
/// reference that faster kernels are checked against.
public struct GradientEvaluator: Sendable {
    /// The network shape and parameter order.
    public let architecture: NetworkArchitecture
    /// The samples the loss averages over.
    public let data: Dataset

    /// Activations of every layer, flat: layer 0 is the input copy, the last layer holds logits.
    private var activations: LayerActivations
    /// Backpropagated errors ∂L/∂z for the current and the previous layer.
    private var delta: [Double]
    private var previousDelta: [Double]
    /// 0..<N: the batch of full-batch evaluation.
    private let allSamples: [Int]

    /// Creates an evaluator for a network on a dataset.
    ///
    /// - Precondition: the input width equals the dataset's feature count and the output width is at
    ///   least its class count.
    public init(architecture: NetworkArchitecture, data: Dataset) {
        self.architecture = architecture
        self.data = data
        activations = LayerActivations(architecture: architecture, data: data)
        let widest = architecture.layers.max()! * data.sampleCount
        delta = [Double](repeating: 0, count: widest)
        previousDelta = [Double](repeating: 0, count: widest)
        allSamples = Array(0..<data.sampleCount)
    }

    /// The loss at `parameters`, without the gradient.
    public mutating func loss(_ parameters: [Double]) -> Double {
        activations.forward(parameters, samples: allSamples)
        return softmaxCrossEntropy(storeErrors: false, samples: allSamples)
    }

    /// The loss at `parameters`; writes ∇L into `gradient` (same length and order as the parameters).
    public mutating func lossAndGradient(_ parameters: [Double], into gradient: inout [Double]) -> Double {
        lossAndGradient(parameters, batch: allSamples, into: &gradient)
    }

    /// The loss of a mini-batch, L_B(W) = (1/|B|) Σ_{n ∈ B} −ln p_{y_n}(x_n; W), at `parameters`; writes
    /// ∇L_B into `gradient`.
    ///
    /// Per-sample terms are summed in the order of `batch`, so the ascending batch 0..<N gives exactly
    /// the bits of ``lossAndGradient(_:into:)``.
    /// - Parameter batch: Distinct training-sample indices (see ``BatchSchedule``), not empty.
    public mutating func lossAndGradient(_ parameters: [Double], batch: [Int], into gradient: inout [Double]) -> Double {
        precondition(parameters.count == architecture.parameterCount && gradient.count == parameters.count)
        precondition(!batch.isEmpty && batch.allSatisfy { (0..<data.sampleCount).contains($0) }, "batch out of range")
        activations.forward(parameters, samples: batch)
        let loss = softmaxCrossEntropy(storeErrors: true, samples: batch)
        backward(parameters, gradient: &gradient, samples: batch)
        return loss
    }

    /// Mean cross-entropy of the stored logits of `samples`; with `storeErrors`, writes
    /// (softmax − one-hot)/|samples| into `delta`.
    private mutating func softmaxCrossEntropy(storeErrors: Bool, samples: [Int]) -> Double {
        let classes = architecture.layers.last!, labels = data.labels
        let scale = Double(samples.count)
        var delta: [Double] = []
        swap(&delta, &self.delta)  // moved, not copied, while the closure writes it
        let total = activations.crossEntropySum(samples: samples, labels: labels, withProbabilities: storeErrors) { n, i, p in
            delta[n * classes + i] = (p - (i == labels[n] ? 1 : 0)) / scale
        }
        swap(&delta, &self.delta)
        return total / scale
    }

    private mutating func backward(_ p: [Double], gradient g: inout [Double], samples: [Int]) {
        let layers = architecture.layers
        for l in stride(from: architecture.layerCount - 1, through: 0, by: -1) {
            let inputs = layers[l], outputs = layers[l + 1]
            let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
            let input = activations.offsets[l]
            for i in 0..<outputs {
                var biasGradient = 0.0
                for n in samples { biasGradient += delta[n * outputs + i] }
                g[b + i] = biasGradient
                for j in 0..<inputs {
                    var weightGradient = 0.0
                    for n in samples {
                        weightGradient += delta[n * outputs + i] * activations.values[input + n * inputs + j]
                    }
                    g[w + i * inputs + j] = weightGradient
                }
            }
            guard l > 0 else { break }
            for n in samples {
                for j in 0..<inputs {
                    var back = 0.0
                    for i in 0..<outputs { back += delta[n * outputs + i] * p[w + i * inputs + j] }
                    let a = activations.values[input + n * inputs + j]
                    previousDelta[n * inputs + j] = back * architecture.activation.derivative(output: a)
                }
            }
            swap(&delta, &previousDelta)
        }
    }
}
