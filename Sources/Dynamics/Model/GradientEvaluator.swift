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
    private var activations: [Double]
    /// Offsets of each layer's block in `activations` (sampleCount × width each).
    private let activationOffsets: [Int]
    /// Backpropagated errors ∂L/∂z for the current and the previous layer.
    private var delta: [Double]
    private var previousDelta: [Double]

    /// Creates an evaluator for a network on a dataset.
    ///
    /// - Precondition: the input width equals the dataset's feature count and the output width is at
    ///   least its class count.
    public init(architecture: NetworkArchitecture, data: Dataset) {
        precondition(architecture.layers[0] == data.featureCount, "input width must equal the feature count")
        precondition(architecture.layers.last! >= data.classCount, "output width must cover every class")
        self.architecture = architecture
        self.data = data
        var offsets: [Int] = []
        var total = 0
        for width in architecture.layers {
            offsets.append(total)
            total += width * data.sampleCount
        }
        activationOffsets = offsets
        activations = [Double](repeating: 0, count: total)
        activations.replaceSubrange(0..<data.features.count, with: data.features)
        let widest = architecture.layers.max()! * data.sampleCount
        delta = [Double](repeating: 0, count: widest)
        previousDelta = [Double](repeating: 0, count: widest)
    }

    /// The loss at `parameters`, without the gradient.
    public mutating func loss(_ parameters: [Double]) -> Double {
        forward(parameters)
        return softmaxCrossEntropy(storeErrors: false)
    }

    /// The loss at `parameters`; writes ∇L into `gradient` (same length and order as the parameters).
    public mutating func lossAndGradient(_ parameters: [Double], into gradient: inout [Double]) -> Double {
        precondition(parameters.count == architecture.parameterCount && gradient.count == parameters.count)
        forward(parameters)
        let loss = softmaxCrossEntropy(storeErrors: true)
        backward(parameters, gradient: &gradient)
        return loss
    }

    private mutating func forward(_ p: [Double]) {
        let layers = architecture.layers
        let samples = data.sampleCount
        let last = architecture.layerCount - 1
        for l in 0...last {
            let inputs = layers[l], outputs = layers[l + 1]
            let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
            let input = activationOffsets[l], output = activationOffsets[l + 1]
            for n in 0..<samples {
                for i in 0..<outputs {
                    var z = p[b + i]
                    for j in 0..<inputs {
                        z += p[w + i * inputs + j] * activations[input + n * inputs + j]
                    }
                    activations[output + n * outputs + i] = l == last ? z : architecture.activation.apply(z)
                }
            }
        }
    }

    /// Mean cross-entropy of the stored logits; with `storeErrors`, writes (softmax − one-hot)/N into `delta`.
    private mutating func softmaxCrossEntropy(storeErrors: Bool) -> Double {
        let classes = architecture.layers.last!
        let samples = data.sampleCount
        let logits = activationOffsets.last!
        var total = 0.0
        for n in 0..<samples {
            let row = logits + n * classes
            var largest = -Double.infinity
            for i in 0..<classes { largest = max(largest, activations[row + i]) }
            var sum = 0.0
            for i in 0..<classes { sum += Foundation.exp(activations[row + i] - largest) }
            total += largest + Foundation.log(sum) - activations[row + data.labels[n]]
            if storeErrors {
                for i in 0..<classes {
                    let probability = Foundation.exp(activations[row + i] - largest) / sum
                    delta[n * classes + i] = (probability - (i == data.labels[n] ? 1 : 0)) / Double(samples)
                }
            }
        }
        return total / Double(samples)
    }

    private mutating func backward(_ p: [Double], gradient g: inout [Double]) {
        let layers = architecture.layers
        let samples = data.sampleCount
        for l in stride(from: architecture.layerCount - 1, through: 0, by: -1) {
            let inputs = layers[l], outputs = layers[l + 1]
            let w = architecture.weightOffset(layer: l), b = architecture.biasOffset(layer: l)
            let input = activationOffsets[l]
            for i in 0..<outputs {
                var biasGradient = 0.0
                for n in 0..<samples { biasGradient += delta[n * outputs + i] }
                g[b + i] = biasGradient
                for j in 0..<inputs {
                    var weightGradient = 0.0
                    for n in 0..<samples {
                        weightGradient += delta[n * outputs + i] * activations[input + n * inputs + j]
                    }
                    g[w + i * inputs + j] = weightGradient
                }
            }
            guard l > 0 else { break }
            for n in 0..<samples {
                for j in 0..<inputs {
                    var back = 0.0
                    for i in 0..<outputs { back += delta[n * outputs + i] * p[w + i * inputs + j] }
                    let a = activations[input + n * inputs + j]
                    previousDelta[n * inputs + j] = back * architecture.activation.derivative(output: a)
                }
            }
            swap(&delta, &previousDelta)
        }
    }
}
