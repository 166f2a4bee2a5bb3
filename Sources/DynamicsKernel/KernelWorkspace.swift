import DynamicsKernelInterface

/// The buffers of one lockstep run, allocated once before the step loop, and the step itself.
///
/// Trajectories are lanes: trajectory t lives in lane t % L of block t / L (L = `Lanes.scalarCount`, the
/// variant's width: 16 for AVX-512, 4 for AVX2 and the portable build, see `Width.swift`), and a block's
/// parameters are P consecutive ``Lanes`` in canonical parameter order. Each step runs
/// every block through the step's batch four samples at a time (a ``SampleQuad``): forward, softmax
/// cross-entropy, backward and gradient accumulation fused per quad, so every parameter and gradient
/// load and store serves four samples and a block's parameters, gradient and activations stay in L1.
/// Within a layer, units go in pairs, so every activation or error quad loaded serves two of them (a
/// pair's accumulators, 8 ``Lanes``, are 16 of the 32 `zmm` registers in the AVX-512 variant and 8 of the
/// 16 `ymm` in the AVX2 one, leaving room for the operands); the first
/// layer reads the features as scalars (``FeatureQuads``), broadcast where they are used. Then it updates
/// the block and measures its distance to the reference in the same pass over the parameters. A batch whose size is not a multiple of four is padded with copies of its last sample
/// whose errors are scaled by 0 and whose loss is not counted, so they add exact zeros.
///
/// Sums are taken in the same order as `Dynamics.GradientEvaluator` (over samples for the gradient, over
/// inputs for a pre-activation, over parameters for a distance), so the kernel differs from the
/// plain oracle only by the few ulp of its `exp`, `log` and fused multiply-adds (and the loss
/// takes one `log` per quad, of the product of four softmax normalisers, where the oracle takes four). Lanes
/// never mix, and every operation is a correctly rounded IEEE-754 one, so a trajectory's bits depend neither
/// on the lane width nor on the instruction set. Unsafe
/// pointers are used here, and only here, because Array's uniqueness and bounds checks in the innermost
/// loops cost ≈ 2× (measured).
public final class KernelWorkspace: LockstepWorkspace {
    let layers: [Int]
    let activation: KernelActivation
    let parameterCount: Int
    let sampleCount: Int
    let blockCount: Int
    /// Trajectories rounded up to whole blocks.
    public var laneCount: Int { blockCount * Lanes.scalarCount }
    /// Offsets of W_l and b_l for each weight layer.
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    /// Offsets (in units) of each layer's activations in `activations`; layer 0, the features, is not stored
    /// (``FeatureQuads`` reads it from `features`).
    private let activationOffsets: [Int]

    /// blockCount × P lanes of parameters.
    let parameters: UnsafeMutablePointer<Lanes>
    /// P lanes of gradient (one block at a time).
    private let gradient: UnsafeMutablePointer<Lanes>
    /// One quad's activations of every layer after the input: unit u of their flat list, sample s at 4u + s.
    private let activations: UnsafeMutablePointer<Lanes>
    /// One quad's errors ∂L/∂z of the current and the previous layer, laid out as `activations`.
    private let delta: UnsafeMutablePointer<Lanes>
    private let previousDelta: UnsafeMutablePointer<Lanes>
    /// The reference's parameters at the current step, for the distances.
    private let reference: UnsafeMutablePointer<Double>
    /// Row-major training features and labels.
    private let features: UnsafeMutablePointer<Double>
    private let labels: UnsafeMutablePointer<Int>
    /// The current step's training-sample indices, ascending; all N (full batch) until ``setBatch(_:)``.
    private let batch: UnsafeMutablePointer<Int>
    private var batchCount: Int
    /// The samples of the quad being computed (the last real one repeated as padding).
    private let quadSamples: UnsafeMutablePointer<Int>

    /// Creates buffers for `trajectories` lanes of the network `layers` on row-major `features` and `labels`.
    init(layers: [Int], activation: KernelActivation, features trainFeatures: [Double], labels trainLabels: [Int],
         trajectories: Int) {
        self.layers = layers
        self.activation = activation
        sampleCount = trainLabels.count
        blockCount = (trajectories + Lanes.scalarCount - 1) / Lanes.scalarCount
        // Canonical parameter order: W_0, b_0, W_1, b_1, … with W_l row-major (fan-out × fan-in).
        var weights: [Int] = [], biases: [Int] = [], parameterTotal = 0
        for l in 0..<(layers.count - 1) {
            weights.append(parameterTotal)
            biases.append(parameterTotal + layers[l + 1] * layers[l])
            parameterTotal += layers[l + 1] * layers[l] + layers[l + 1]
        }
        weightOffsets = weights
        biasOffsets = biases
        parameterCount = parameterTotal
        var offsets: [Int] = []
        var total = 0
        for (layer, width) in layers.enumerated() {
            offsets.append(total)
            if layer > 0 { total += width }
        }
        activationOffsets = offsets
        parameters = .allocateAligned(blockCount * parameterCount)
        gradient = .allocateAligned(parameterCount)
        activations = .allocateAligned(SampleQuad.count * total)
        let widest = SampleQuad.count * layers.max()!
        delta = .allocateAligned(widest)
        previousDelta = .allocateAligned(widest)
        reference = .allocate(capacity: parameterCount)
        reference.initialize(repeating: 0, count: parameterCount)
        features = .allocate(capacity: trainFeatures.count)
        features.initialize(from: trainFeatures, count: trainFeatures.count)
        labels = .allocate(capacity: sampleCount)
        labels.initialize(from: trainLabels, count: sampleCount)
        batch = .allocate(capacity: sampleCount)
        for n in 0..<sampleCount { (batch + n).initialize(to: n) }
        batchCount = sampleCount
        quadSamples = .allocate(capacity: SampleQuad.count)
        quadSamples.initialize(repeating: 0, count: SampleQuad.count)
    }

    deinit {
        for buffer in [parameters, gradient, activations, delta, previousDelta] { buffer.deallocateAligned() }
        reference.deallocate()
        features.deallocate()
        labels.deallocate()
        batch.deallocate()
        quadSamples.deallocate()
    }

    /// Sets trajectory `index` to the parameter vector `values`.
    public func load(_ values: [Double], into index: Int) {
        let block = parameters + (index / Lanes.scalarCount) * parameterCount
        for j in 0..<parameterCount { block[j][index % Lanes.scalarCount] = values[j] }
    }

    /// The parameter vector of trajectory `index`.
    public func parameters(of index: Int) -> [Double] {
        let block = parameters + (index / Lanes.scalarCount) * parameterCount
        return (0..<parameterCount).map { block[$0][index % Lanes.scalarCount] }
    }

    /// Makes the following steps use the training samples `indices` (distinct, ascending, not empty).
    public func setBatch(_ indices: [Int]) {
        precondition(!indices.isEmpty && indices.count <= sampleCount, "a batch holds 1…N samples")
        for (position, index) in indices.enumerated() { batch[position] = index }
        batchCount = indices.count
    }

    /// One gradient-descent step of every trajectory on the current batch (see
    /// ``LockstepWorkspace/step(learningRate:norm:health:distance:)``).
    public func step(learningRate eta: Double, norm: KernelNorm, health: UnsafeMutablePointer<Double>,
                     distance: UnsafeMutablePointer<Double>) {
        health.withMemoryRebound(to: Lanes.self, capacity: blockCount) { health in
            distance.withMemoryRebound(to: Lanes.self, capacity: blockCount) { distance in
                switch activation {
                case .sigmoid: step(SigmoidLanes.self, learningRate: eta, norm: norm, health: health, distance: distance)
                case .tanh: step(TanhLanes.self, learningRate: eta, norm: norm, health: health, distance: distance)
                case .relu: step(ReluLanes.self, learningRate: eta, norm: norm, health: health, distance: distance)
                }
            }
        }
    }

    /// The step for one activation, writing `blockCount` lanes of health and distance.
    ///
    /// `@_optimize(speed)` here and below: debug builds (the test suite) otherwise run the generic SIMD
    /// operations unspecialised, ≈ 100× slower; the arithmetic is the same either way.
    @_optimize(speed)
    private func step<A: LaneActivation>(
        _: A.Type, learningRate eta: Double, norm: KernelNorm,
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
                w[j] = value.addingProduct(-eta, gradient[j])
            }
            health[block] = loss + nonFinite
            distance[block] = norm == .l2 ? sum.squareRoot() : sum
        }
    }

    /// Writes ∇L_B of one block into `gradient` and returns its mean cross-entropy over the batch B.
    @_optimize(speed)
    private func accumulateGradient<A: LaneActivation>(_: A.Type, parameters w: UnsafeMutablePointer<Lanes>) -> Lanes {
        gradient.update(repeating: .zero, count: parameterCount)
        let count = batchCount
        let inverseCount = 1 / Double(count)
        var loss = Lanes.zero
        for start in stride(from: 0, to: count, by: SampleQuad.count) {
            let real = min(SampleQuad.count, count - start)
            for s in 0..<SampleQuad.count { quadSamples[s] = batch[start + min(s, real - 1)] }
            quad(A.self, parameters: w, real: real, inverseCount: inverseCount, loss: &loss)
        }
        return loss * inverseCount
    }

    /// Forward, softmax cross-entropy, backward and gradient accumulation of four samples, of which the
    /// first `real` count (the rest are padding with errors scaled by 0 and no loss).
    @_optimize(speed) @inline(__always)
    private func quad<A: LaneActivation>(
        _: A.Type, parameters w: UnsafeMutablePointer<Lanes>, real: Int, inverseCount: Double, loss: inout Lanes
    ) {
        let samples = quadSamples
        let last = layers.count - 2
        let inputs = layers[0]
        let features = FeatureQuads(
            s0: self.features + samples[0] * inputs, s1: self.features + samples[1] * inputs,
            s2: self.features + samples[2] * inputs, s3: self.features + samples[3] * inputs)
        // Forward: z_i = b_i + Σ_j W_ij a_j, in the order of the oracle.
        for l in 0...last {
            let output = activations + SampleQuad.count * activationOffsets[l + 1]
            if l == 0 {
                forward(A.self, layer: l, parameters: w, input: features, output: output, activate: l < last)
            } else {
                let input = StoredQuads(base: activations + SampleQuad.count * activationOffsets[l])
                forward(A.self, layer: l, parameters: w, input: input, output: output, activate: l < last)
            }
        }
        // Softmax cross-entropy per sample: loss += max − z_y, and ln Σ e^(z − max) once per quad as the log of
        // the product of the quad's sums (each in [1, classes]); δ_i = (p_i − [i = y]) / |B|. The maxima and the
        // exponentials go class by class over the whole quad, so each step has four samples' independent
        // `exp` chains in flight rather than one (the same operations on each sample in the same order;
        // measured: iris-600 ≈ 4% faster than sample by sample).
        let classes = layers[last + 1]
        let logits = activations + SampleQuad.count * activationOffsets[last + 1]
        var largest = SampleQuad(repeating: Lanes(repeating: -.infinity))
        for i in 0..<classes { largest.keepLarger(SampleQuad(logits + SampleQuad.count * i)) }
        var sum = SampleQuad(repeating: .zero)
        for i in 0..<classes {
            let e = SampleQuad(logits + SampleQuad.count * i).subtracting(largest).map(LaneMath.expNegativeMagnitude)
            e.store(delta + SampleQuad.count * i)
            sum.add(e)
        }
        var sums = Lanes(repeating: 1)
        for s in 0..<SampleQuad.count {
            let label = labels[samples[s]]
            if s < real {
                loss += largest[s] - logits[SampleQuad.count * label + s]
                sums *= sum[s]
            }
            let inverseSum = 1 / sum[s], scale = s < real ? inverseCount : 0
            for i in 0..<classes {
                let cell = SampleQuad.count * i + s
                delta[cell] = Lanes(repeating: i == label ? -1 : 0).addingProduct(delta[cell], inverseSum) * scale
            }
        }
        loss += LaneMath.log(sums)
        // Backward: gradient accumulation over the four samples in order, then δ of the layer below.
        var current = delta, below = previousDelta
        for l in stride(from: last, through: 0, by: -1) {
            if l == 0 {
                accumulateGradient(layer: l, errors: current, input: features)
                break
            }
            let input = StoredQuads(base: activations + SampleQuad.count * activationOffsets[l])
            accumulateGradient(layer: l, errors: current, input: input)
            propagate(A.self, layer: l, parameters: w, errors: current, input: input, below: below)
            swap(&current, &below)
        }
    }

    /// The pre-activations of weight layer `l` for a quad, activated unless `activate` is false (the
    /// logits). Units go in pairs, so that each input quad read serves two of them.
    @_optimize(speed) @inline(__always)
    private func forward<A: LaneActivation, Input: QuadSource>(
        _: A.Type, layer l: Int, parameters w: UnsafeMutablePointer<Lanes>, input: Input,
        output: UnsafeMutablePointer<Lanes>, activate: Bool
    ) {
        let fanIn = layers[l], fanOut = layers[l + 1]
        let weights = w + weightOffsets[l], biases = w + biasOffsets[l]
        var i = 0
        while i + 1 < fanOut {
            var z0 = SampleQuad(repeating: biases[i]), z1 = SampleQuad(repeating: biases[i + 1])
            let row0 = weights + i * fanIn, row1 = row0 + fanIn
            for j in 0..<fanIn {
                let a = input.quad(j)
                z0.addProduct(row0[j], a)
                z1.addProduct(row1[j], a)
            }
            (activate ? z0.map(A.apply) : z0).store(output + SampleQuad.count * i)
            (activate ? z1.map(A.apply) : z1).store(output + SampleQuad.count * (i + 1))
            i += 2
        }
        if i < fanOut {
            var z = SampleQuad(repeating: biases[i])
            let row = weights + i * fanIn
            for j in 0..<fanIn { z.addProduct(row[j], input.quad(j)) }
            (activate ? z.map(A.apply) : z).store(output + SampleQuad.count * i)
        }
    }

    /// Adds a quad's contribution to the gradient of weight layer `l`: ∂L/∂b_i += Σ_s δ_is and
    /// ∂L/∂W_ij += Σ_s δ_is a_js, samples in order. Rows go in pairs, so that each input quad read serves two.
    @_optimize(speed) @inline(__always)
    private func accumulateGradient<Input: QuadSource>(
        layer l: Int, errors: UnsafeMutablePointer<Lanes>, input: Input
    ) {
        let fanIn = layers[l], fanOut = layers[l + 1]
        let biasGradient = gradient + biasOffsets[l], weightGradient = gradient + weightOffsets[l]
        var i = 0
        while i + 1 < fanOut {
            let d0 = SampleQuad(errors + SampleQuad.count * i), d1 = SampleQuad(errors + SampleQuad.count * (i + 1))
            biasGradient[i] = biasGradient[i] + d0.s0 + d0.s1 + d0.s2 + d0.s3
            biasGradient[i + 1] = biasGradient[i + 1] + d1.s0 + d1.s1 + d1.s2 + d1.s3
            let row0 = weightGradient + i * fanIn, row1 = row0 + fanIn
            for j in 0..<fanIn {
                let a = input.quad(j)
                row0[j] = d0.accumulate(row0[j], times: a)
                row1[j] = d1.accumulate(row1[j], times: a)
            }
            i += 2
        }
        if i < fanOut {
            let d = SampleQuad(errors + SampleQuad.count * i)
            biasGradient[i] = biasGradient[i] + d.s0 + d.s1 + d.s2 + d.s3
            let row = weightGradient + i * fanIn
            for j in 0..<fanIn { row[j] = d.accumulate(row[j], times: input.quad(j)) }
        }
    }

    /// δ of the hidden layer below weight layer `l`: (Σ_i W_ij δ_i) σ'(a_j), units in pairs so that each
    /// error quad read serves two of them.
    @_optimize(speed) @inline(__always)
    private func propagate<A: LaneActivation>(
        _: A.Type, layer l: Int, parameters w: UnsafeMutablePointer<Lanes>, errors: UnsafeMutablePointer<Lanes>,
        input: StoredQuads, below: UnsafeMutablePointer<Lanes>
    ) {
        let fanIn = layers[l], fanOut = layers[l + 1]
        let weights = w + weightOffsets[l]
        var j = 0
        while j + 1 < fanIn {
            var back0 = SampleQuad(repeating: .zero), back1 = SampleQuad(repeating: .zero)
            for i in 0..<fanOut {
                let d = SampleQuad(errors + SampleQuad.count * i), row = weights + i * fanIn + j
                back0.addProduct(row[0], d)
                back1.addProduct(row[1], d)
            }
            back0.multiply(by: input.quad(j).map(A.derivative))
            back1.multiply(by: input.quad(j + 1).map(A.derivative))
            back0.store(below + SampleQuad.count * j)
            back1.store(below + SampleQuad.count * (j + 1))
            j += 2
        }
        if j < fanIn {
            var back = SampleQuad(repeating: .zero)
            for i in 0..<fanOut { back.addProduct(weights[i * fanIn + j], SampleQuad(errors + SampleQuad.count * i)) }
            back.multiply(by: input.quad(j).map(A.derivative))
            back.store(below + SampleQuad.count * j)
        }
    }
}

extension UnsafeMutablePointer<Lanes> {
    /// `count` zeroed lanes starting on a cache-line boundary.
    ///
    /// `SIMD16<Double>` is only 16-byte aligned, so `allocate(capacity:)` puts three buffers in four
    /// across cache lines, and then every 512-bit load or store of them touches two lines: iris-66 ran
    /// 1.4× slower in such a layout (measured: 225 k against 320 k trajectory-steps/s).
    static func allocateAligned(_ count: Int) -> UnsafeMutablePointer<Lanes> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Lanes>.stride, alignment: 64)
        let lanes = raw.bindMemory(to: Lanes.self, capacity: count)
        lanes.initialize(repeating: .zero, count: count)
        return lanes
    }

    /// Frees a buffer of ``allocateAligned(_:)``.
    func deallocateAligned() { UnsafeMutableRawPointer(self).deallocate() }
}
