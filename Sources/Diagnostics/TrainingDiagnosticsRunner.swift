import Dynamics

/// Computes the diagnostics of one task along its reference trajectory (docs/METHOD.md §6).
public enum TrainingDiagnosticsRunner {
    /// Trains the reference from `initial` for `steps` steps at learning rate `eta` on `train` and
    /// records what `settings` asks for.
    ///
    /// The reference is trained with the plain ``GradientEvaluator``, W(t+1) = W(t) − η∇L(W(t)), so its
    /// losses and gradients are bit-identical to a plain training run; everything else is computed beside
    /// it without touching it:
    /// - Benettin: a companion at Euclidean distance δ₀ (started along the uniform direction 1/√P) is
    ///   stepped by the same map and restored to δ₀ along the current separation after every step
    ///   (``BenettinEstimator``), giving λ̂(1) … λ̂(T) per step.
    /// - Spectrum: k = min(`spectrumSize`, P) tangent vectors, started as ``LyapunovSpectrumEstimator/spreadBasis(dimension:count:)``,
    ///   advanced by the exact Jacobian-vector product J·v = v − η H(W(t))·v
    ///   (``GradientEvaluator/Curvature``) and re-orthonormalised every `qrEvery` steps; the exponents
    ///   (per step) after the last step.
    /// - Ghost mass, gradient norm ‖∇L‖₂ and the running mean loss at t = 0 … T.
    /// - Per weight at the last point W(T): importance L(W(T) with w_j = 0) − L(W(T)), displacement
    ///   |w_j(T) − w_j(0)| and path length Σ_t |w_j(t+1) − w_j(t)|.
    /// - The loss curve L(0) … L(T) as a scalar series: ``KantzEstimator`` with its surrogate test
    ///   (streams (seed, icIndex, 0, s)) and the ``Autocorrelation`` with its band (streams (seed, icIndex, 1, s)).
    ///
    /// If the loss or the weights become non-finite at step t, every series stops before t and the
    /// end-of-training diagnostics use the last finite point; no output holds NaN or ±∞.
    ///
    /// - Parameters:
    ///   - settings: Which diagnostics, and their parameters.
    ///   - architecture: The network (its output width may exceed the class count by the ghost units).
    ///   - ghosts: How many of the last output units are ghosts (no label selects them).
    ///   - train: The training split the loss averages over.
    ///   - initial: W(0).
    ///   - eta: The constant learning rate η.
    ///   - steps: T, the number of gradient-descent steps (time series have T + 1 points, λ̂ has T).
    ///   - seed: Seeds the surrogate shuffles together with `icIndex`.
    ///   - icIndex: The IC number k.
    public static func run(
        settings: DiagnosticsSettings, architecture: NetworkArchitecture, ghosts: Int, train: Dataset,
        initial: [Double], learningRate eta: Double, steps: Int, seed: UInt64, icIndex: Int
    ) -> TrainingDiagnostics {
        let outputs = architecture.layers.last!
        precondition(ghosts >= 0 && outputs - ghosts >= train.classCount, "the ghost units must lie beyond every class")
        precondition(initial.count == architecture.parameterCount && steps >= 0 && settings.qrEvery >= 1)
        let parameterCount = architecture.parameterCount
        var evaluator = GradientEvaluator(architecture: architecture, data: train)
        let spectrumSize = min(settings.spectrumSize, parameterCount)
        var curvature = spectrumSize > 0 || ghosts > 0
            ? GradientEvaluator.Curvature(architecture: architecture, data: train) : nil
        var spectrum = spectrumSize > 0
            ? LyapunovSpectrumEstimator(
                initialVectors: LyapunovSpectrumEstimator.spreadBasis(dimension: parameterCount, count: spectrumSize),
                qrEvery: settings.qrEvery)
            : nil
        var benettin = BenettinEstimator(delta0: settings.benettinDelta0)
        var companion = settings.benettin
            ? benettin.companion(of: initial, direction: [Double](repeating: 1, count: parameterCount)) : []
        var benettinRunning = settings.benettin
        var spectrumRunning = spectrum != nil

        var weights = initial
        var endPoint = initial
        var gradient = [Double](repeating: 0, count: parameterCount)
        var companionGradient = gradient
        var losses: [Double] = []
        losses.reserveCapacity(steps + 1)
        var result = TrainingDiagnostics()
        var lossSum = 0.0
        var pathLength = [Double](repeating: 0, count: parameterCount)

        for t in 0...steps {
            let loss = evaluator.lossAndGradient(weights, into: &gradient)
            guard loss.isFinite, weights.allSatisfy(\.isFinite) else { break }
            losses.append(loss)
            if settings.perWeight {
                for j in 0..<parameterCount {
                    pathLength[j] += abs(weights[j] - endPoint[j])
                    endPoint[j] = weights[j]
                }
            }
            if settings.invariantMeasure {
                var squares = 0.0
                for g in gradient { squares += g * g }
                result.gradientNorm.append(squares.squareRoot())
                lossSum += loss
                result.runningMeanLoss.append(lossSum / Double(t + 1))
            }
            if curvature != nil {
                curvature!.expand(at: weights)
                if ghosts > 0 { result.ghostMass.append(curvature!.outputMass(units: (outputs - ghosts)..<outputs)) }
            }
            guard t < steps else { break }

            if spectrumRunning {
                spectrumRunning = spectrum!.advance { vector, product in
                    curvature!.gradientDescentTangent(along: vector, learningRate: eta, into: &product)
                }
            }
            if benettinRunning {
                benettinRunning = evaluator.lossAndGradient(companion, into: &companionGradient).isFinite
                for j in 0..<parameterCount { companion[j] -= eta * companionGradient[j] }
            }
            for j in 0..<parameterCount { weights[j] -= eta * gradient[j] }
            if benettinRunning {
                benettinRunning = benettin.renormalise(reference: weights, companion: &companion)
            }
        }
        // λ̂(t) needs W(t) finite: drop an entry for a step whose end point turned out to diverge.
        if settings.benettin { result.benettin = Array(benettin.running.prefix(max(losses.count - 1, 0))) }
        if let spectrum { result.spectrum = spectrum.exponents }

        if settings.perWeight, !losses.isEmpty {
            result.weightDisplacement = (0..<parameterCount).map { abs(endPoint[$0] - initial[$0]) }
            result.weightPathLength = pathLength
            let finalLoss = losses.last!
            var zeroed = endPoint
            result.weightImportance = (0..<parameterCount).map { j in
                zeroed[j] = 0
                defer { zeroed[j] = endPoint[j] }
                return evaluator.loss(zeroed) - finalLoss
            }
        }
        if settings.lossSeries {
            let kantz = KantzEstimator(
                embedding: settings.kantzEmbedding, delay: settings.kantzDelay, radius: settings.kantzRadius,
                steps: settings.kantzSteps, theilerWindow: settings.kantzTheilerWindow)
            result.kantz = kantz.test(losses, surrogates: settings.surrogates, streamPath: [seed, UInt64(icIndex), 0])
            result.autocorrelation = Autocorrelation.function(of: losses, maxLag: settings.autocorrelationLags)
            result.autocorrelationBand = Autocorrelation.surrogateBand(
                of: losses, maxLag: settings.autocorrelationLags, surrogates: settings.surrogates,
                streamPath: [seed, UInt64(icIndex), 1])
        }
        return result
    }
}
