/// The buffers of one lockstep run, allocated once before the step loop, and the step itself.
///
/// Trajectories are lanes: trajectory t lives in lane t % L of block t / L (L = `Lanes.scalarCount`),
/// and a block's parameters
/// are P consecutive ``Lanes`` in canonical parameter order. Each step runs every block through the
/// training set sample by sample — forward, softmax cross-entropy, backward and gradient accumulation
/// fused per sample, so a block's parameters, gradient and activations stay in L1 — then updates the
/// block and measures its distance to the reference in the same pass over the parameters.
///
/// Sums are taken in the same order as ``GradientEvaluator`` (over samples for the gradient, over
/// inputs for a pre-activation, over parameters for a distance), so the kernel differs from the
/// plain oracle only by the few ulp of its `exp` and `log` and by multiplying with 1/Σ and 1/N where
/// the oracle divides (divisions are the slowest vector instruction). Unsafe pointers are used here, and only
/// here, because Array's uniqueness and bounds checks in the innermost loops cost ≈ 2× (measured).
final class KernelWorkspace {
    let layers: [Int]
    let parameterCount: Int
    let sampleCount: Int
    let blockCount: Int
    /// Offsets of W_l and b_l for each weight layer.
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    /// Offsets of each layer's activations in `activations` (layer 0 = the broadcast input).
    private let activationOffsets: [Int]

    /// blockCount × P lanes of parameters.
    let parameters: UnsafeMutablePointer<Lanes>
    /// P lanes of gradient (one block at a time).
    private let gradient: UnsafeMutablePointer<Lanes>
    /// One sample's activations of every layer.
    private let activations: UnsafeMutablePointer<Lanes>
    private let delta: UnsafeMutablePointer<Lanes>
    private let previousDelta: UnsafeMutablePointer<Lanes>
    /// The reference's parameters at the current step, for the distances.
    private let reference: UnsafeMutablePointer<Double>
    /// Row-major training features and labels.
    private let features: UnsafeMutablePointer<Double>
    private let labels: UnsafeMutablePointer<Int>

    /// Creates buffers for `trajectories` lanes of a network on a training set.
    init(architecture: NetworkArchitecture, train: Dataset, trajectories: Int) {
        layers = architecture.layers
        parameterCount = architecture.parameterCount
        sampleCount = train.sampleCount
        blockCount = (trajectories + Lanes.scalarCount - 1) / Lanes.scalarCount
        weightOffsets = (0..<architecture.layerCount).map { architecture.weightOffset(layer: $0) }
        biasOffsets = (0..<architecture.layerCount).map { architecture.biasOffset(layer: $0) }
        var offsets: [Int] = []
        var total = 0
        for width in layers {
            offsets.append(total)
            total += width
        }
        activationOffsets = offsets
        parameters = .allocate(capacity: blockCount * parameterCount)
        parameters.initialize(repeating: .zero, count: blockCount * parameterCount)
        gradient = .allocate(capacity: parameterCount)
        gradient.initialize(repeating: .zero, count: parameterCount)
        activations = .allocate(capacity: total)
        activations.initialize(repeating: .zero, count: total)
        let widest = layers.max()!
        delta = .allocate(capacity: widest)
        delta.initialize(repeating: .zero, count: widest)
        previousDelta = .allocate(capacity: widest)
        previousDelta.initialize(repeating: .zero, count: widest)
        reference = .allocate(capacity: parameterCount)
        reference.initialize(repeating: 0, count: parameterCount)
        features = .allocate(capacity: train.features.count)
        features.initialize(from: train.features, count: train.features.count)
        labels = .allocate(capacity: train.sampleCount)
        labels.initialize(from: train.labels, count: train.sampleCount)
    }

    deinit {
        for buffer in [parameters, gradient, activations, delta, previousDelta] { buffer.deallocate() }
        reference.deallocate()
        features.deallocate()
        labels.deallocate()
    }

    /// Sets trajectory `index` to the parameter vector `values`.
    func load(_ values: [Double], into index: Int) {
        let block = parameters + (index / Lanes.scalarCount) * parameterCount
        for j in 0..<parameterCount { block[j][index % Lanes.scalarCount] = values[j] }
    }

    /// The parameter vector of trajectory `index`.
    func parameters(of index: Int) -> [Double] {
        let block = parameters + (index / Lanes.scalarCount) * parameterCount
        return (0..<parameterCount).map { block[$0][index % Lanes.scalarCount] }
    }

    /// One gradient-descent step of every trajectory.
    ///
    /// For every lane writes, before the update: its loss plus Σ_j (w_j − w_j) into `health` (finite
    /// exactly when the loss and every parameter are finite, and then equal to the loss) and its
    /// distance to trajectory 0 into `distance`; both hold `blockCount` lanes.
    ///
    /// `@_optimize(speed)` here and below: debug builds (the test suite) otherwise run the generic SIMD
    /// operations unspecialised, ≈ 100× slower; the arithmetic is the same either way.
    @_optimize(speed)
    func step<A: LaneActivation>(
        _: A.Type, learningRate eta: Double, norm: DistanceNorm,
        health: UnsafeMutablePointer<Lanes>, distance: UnsafeMutablePointer<Lanes>
    ) {
        for j in 0..<parameterCount { reference[j] = parameters[j][0] }
        for block in 0..<blockCount {
            let w = parameters + block * parameterCount
            let loss = accumulateGradient(A.self, parameters: w)
            var nonFinite = Lanes.zero
            var sum = Lanes.zero
            for j in 0..<parameterCount {
                let value = w[j]
                nonFinite += value - value
                let difference = value - reference[j]
                switch norm {
                case .l1: sum += difference.replacing(with: -difference, where: difference .< 0)
                case .l2: sum += difference * difference
                }
                w[j] = value - eta * gradient[j]
            }
            health[block] = loss + nonFinite
            distance[block] = norm == .l2 ? sum.squareRoot() : sum
        }
    }

    /// Writes ∇L of one block into `gradient` and returns its mean cross-entropy loss.
    @_optimize(speed)
    private func accumulateGradient<A: LaneActivation>(_: A.Type, parameters w: UnsafeMutablePointer<Lanes>) -> Lanes {
        gradient.update(repeating: .zero, count: parameterCount)
        let last = layers.count - 2
        let classes = layers[last + 1]
        let inputs = layers[0]
        let scale = Double(sampleCount), inverseScale = 1 / scale
        var loss = Lanes.zero
        for n in 0..<sampleCount {
            for j in 0..<inputs { activations[j] = Lanes(repeating: features[n * inputs + j]) }
            // Forward: z_i = b_i + Σ_j W_ij a_j, in the order of the oracle.
            for l in 0...last {
                let fanIn = layers[l], fanOut = layers[l + 1]
                let weights = w + weightOffsets[l], biases = w + biasOffsets[l]
                let input = activations + activationOffsets[l], output = activations + activationOffsets[l + 1]
                for i in 0..<fanOut {
                    var z = biases[i]
                    let row = weights + i * fanIn
                    for j in 0..<fanIn { z += row[j] * input[j] }
                    output[i] = l == last ? z : A.apply(z)
                }
            }
            // Softmax cross-entropy: loss += max + ln Σ e^(z − max) − z_y; δ_i = (p_i − [i = y]) / N.
            let logits = activations + activationOffsets[last + 1]
            var largest = Lanes(repeating: -.infinity)
            for i in 0..<classes { largest.replace(with: logits[i], where: logits[i] .>= largest) }
            var sum = Lanes.zero
            for i in 0..<classes {
                let e = LaneMath.exp(logits[i] - largest)
                delta[i] = e
                sum += e
            }
            let label = labels[n]
            loss += largest + LaneMath.log(sum) - logits[label]
            let inverseSum = 1 / sum
            for i in 0..<classes { delta[i] = (delta[i] * inverseSum - (i == label ? 1 : 0)) * inverseScale }
            // Backward: gradient accumulation over samples, then δ of the layer below.
            var current = delta, below = previousDelta
            for l in stride(from: last, through: 0, by: -1) {
                let fanIn = layers[l], fanOut = layers[l + 1]
                let weights = w + weightOffsets[l], biasGradient = gradient + biasOffsets[l]
                let weightGradient = gradient + weightOffsets[l]
                let input = activations + activationOffsets[l]
                for i in 0..<fanOut {
                    let d = current[i]
                    biasGradient[i] += d
                    let row = weightGradient + i * fanIn
                    for j in 0..<fanIn { row[j] += d * input[j] }
                }
                guard l > 0 else { break }
                for j in 0..<fanIn {
                    var back = Lanes.zero
                    for i in 0..<fanOut { back += current[i] * weights[i * fanIn + j] }
                    below[j] = back * A.derivative(output: input[j])
                }
                swap(&current, &below)
            }
        }
        return loss / scale
    }
}
