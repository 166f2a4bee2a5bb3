import TestSupport
import Testing

@testable import Dynamics

@Suite("Optimizers as maps")
struct OptimizerTests {
    // Two parameters, two steps with given gradients: the textbook formulas unrolled by hand.
    let w0 = [1.5, -0.75]
    let g1 = [0.5, -0.25]
    let g2 = [-0.125, 0.375]
    let eta = 0.1

    /// Two steps of `optimizer` from w0 with the gradients g1 then g2 (weight decay is added to them by the step).
    func twoSteps(_ optimizer: Optimizer) -> (w1: [Double], w2: [Double]) {
        var state = OptimizerState(optimizer: optimizer, parameterCount: 2)
        var w = w0
        state.step(&w, gradient: g1, learningRate: eta)
        let w1 = w
        state.step(&w, gradient: g2, learningRate: eta)
        return (w1, w)
    }

    func expectClose(_ a: [Double], _ b: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        for j in a.indices {
            #expect(abs(a[j] - b[j]) <= 1e-14 * max(1, abs(b[j])), "parameter \(j): \(a[j]) vs \(b[j])",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("gd: W ← W − η(g + λW)")
    func gd() {
        let lambda = 0.01
        let (w1, w2) = twoSteps(Optimizer(kind: .gd, weightDecay: lambda))
        let e1 = (0..<2).map { w0[$0] - eta * (g1[$0] + lambda * w0[$0]) }
        let e2 = (0..<2).map { e1[$0] - eta * (g2[$0] + lambda * e1[$0]) }
        expectClose(w1, e1)
        expectClose(w2, e2)
        let plain = twoSteps(.gd)
        #expect(plain.w1 == [w0[0] - eta * g1[0], w0[1] - eta * g1[1]])
    }

    @Test("momentum: v₁ = g₁, W₁ = W₀ − ηg₁; v₂ = μg₁ + g₂, W₂ = W₁ − ηv₂")
    func momentum() {
        let mu = 0.9
        let (w1, w2) = twoSteps(Optimizer(kind: .momentum, momentum: mu))
        let e1 = (0..<2).map { w0[$0] - eta * g1[$0] }
        let e2 = (0..<2).map { e1[$0] - eta * (mu * g1[$0] + g2[$0]) }
        expectClose(w1, e1)
        expectClose(w2, e2)
    }

    @Test("momentum with weight decay: the gradient is g + λW at the current W")
    func momentumDecay() {
        let mu = 0.5, lambda = 0.1
        let (w1, w2) = twoSteps(Optimizer(kind: .momentum, momentum: mu, weightDecay: lambda))
        let d1 = (0..<2).map { g1[$0] + lambda * w0[$0] }
        let e1 = (0..<2).map { w0[$0] - eta * d1[$0] }
        let d2 = (0..<2).map { g2[$0] + lambda * e1[$0] }
        let e2 = (0..<2).map { e1[$0] - eta * (mu * d1[$0] + d2[$0]) }
        expectClose(w1, e1)
        expectClose(w2, e2)
    }

    @Test("nesterov: W₁ = W₀ − η(1 + μ)g₁; W₂ = W₁ − η(g₂ + μ(μg₁ + g₂))")
    func nesterov() {
        let mu = 0.9
        let (w1, w2) = twoSteps(Optimizer(kind: .nesterov, momentum: mu))
        let e1 = (0..<2).map { w0[$0] - eta * (1 + mu) * g1[$0] }
        let e2 = (0..<2).map { e1[$0] - eta * (g2[$0] + mu * (mu * g1[$0] + g2[$0])) }
        expectClose(w1, e1)
        expectClose(w2, e2)
    }

    @Test("adam: the first step is η g/(|g| + ε̂); the second uses bias-corrected moments")
    func adam() {
        let b1 = 0.9, b2 = 0.999, e = 1e-8
        let (w1, w2) = twoSteps(Optimizer(kind: .adam, beta1: b1, beta2: b2, epsilonAdam: e))
        let e1 = (0..<2).map { w0[$0] - eta * g1[$0] / (abs(g1[$0]) + e) }
        let e2 = (0..<2).map { j -> Double in
            let m = b1 * (1 - b1) * g1[j] + (1 - b1) * g2[j]
            let s = b2 * (1 - b2) * g1[j] * g1[j] + (1 - b2) * g2[j] * g2[j]
            let mHat = m / (1 - b1 * b1), sHat = s / (1 - b2 * b2)
            return e1[j] - eta * mHat / (sHat.squareRoot() + e)
        }
        expectClose(w1, e1)
        expectClose(w2, e2)
    }

    static let kinds: [Optimizer] = [
        .gd, Optimizer(kind: .momentum, momentum: 0.9), Optimizer(kind: .nesterov, momentum: 0.8),
        Optimizer(kind: .adam, weightDecay: 1e-3),
    ]

    @Test("the ensemble's reference follows the map: its loss at each step is the loss of the hand-stepped weights",
          arguments: kinds)
    func referenceTrajectory(optimizer: Optimizer) throws {
        let architecture = NetworkArchitecture(layers: [4, 5, 3], activation: .sigmoid)
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 5, icIndex: 1)
        let spec = EnsembleSpec(epsilons: [1e-6], members: 1, steps: 4, optimizer: optimizer)
        let result = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 0.05, sweepSeed: 5, icIndex: 1)
        var evaluator = GradientEvaluator(architecture: architecture, data: train)
        var state = OptimizerState(optimizer: optimizer, parameterCount: architecture.parameterCount)
        var w = initial
        var gradient = [Double](repeating: 0, count: w.count)
        var losses: [Double] = []
        for _ in 0...4 {
            losses.append(evaluator.lossAndGradient(w, into: &gradient))
            state.step(&w, gradient: gradient, learningRate: 0.05)
        }
        #expect(result.referenceLoss == losses)
    }

    @Test("reference and copies share the optimizer state at t₀: a copy's distances are those of W(t₀) + δ stepped with the reference's state",
          arguments: kinds.dropFirst())
    func sharedState(optimizer: Optimizer) throws {
        let architecture = NetworkArchitecture(layers: [4, 5, 3], activation: .sigmoid)
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 7, icIndex: 2)
        let t0 = 6, eta = 0.05, epsilon = 1e-9
        let spec = EnsembleSpec(epsilons: [epsilon], members: 1, steps: 3, perturbAt: t0, keepMemberCurves: true,
                                optimizer: optimizer)
        let result = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: eta, sweepSeed: 7, icIndex: 2)
        let curve = try #require(result.curves.first?.memberDistances?.first)

        var evaluator = GradientEvaluator(architecture: architecture, data: train)
        var gradient = [Double](repeating: 0, count: initial.count)
        var reference = initial
        var referenceState = OptimizerState(optimizer: optimizer, parameterCount: initial.count)
        for _ in 0..<t0 {
            _ = evaluator.lossAndGradient(reference, into: &gradient)
            referenceState.step(&reference, gradient: gradient, learningRate: eta)
        }
        let delta = Perturbation.draw(perturbed: architecture.weightMask, epsilon: epsilon, sweepSeed: 7, icIndex: 2,
                                      epsilonIndex: 0, memberIndex: 0)
        var copy = (0..<initial.count).map { reference[$0] + delta[$0] }
        var copyState = referenceState  // the rule under test: the state is the reference's, not a fresh one
        var fresh = copy
        var freshState = OptimizerState(optimizer: optimizer, parameterCount: initial.count)
        var expected: [Double] = []
        var freshDistances: [Double] = []
        for _ in 0...3 {
            expected.append(DistanceNorm.l1.distance(reference, copy))
            freshDistances.append(DistanceNorm.l1.distance(reference, fresh))
            _ = evaluator.lossAndGradient(copy, into: &gradient)
            copyState.step(&copy, gradient: gradient, learningRate: eta)
            _ = evaluator.lossAndGradient(fresh, into: &gradient)
            freshState.step(&fresh, gradient: gradient, learningRate: eta)
            _ = evaluator.lossAndGradient(reference, into: &gradient)
            referenceState.step(&reference, gradient: gradient, learningRate: eta)
        }
        #expect(curve == expected)
        // A copy started from a zero state would leave the reference at once, by far more than ε.
        #expect(freshDistances[1] > 1e3 * expected[1])
        #expect(expected[1] < 100 * expected[0])
    }

    @Test("plain gradient descent through the optimizer is the kernel's map: the runner and the kernel agree as before")
    func gdMatchesKernel() throws {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        let train = try irisTrainingSplit()
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 0)
        let spec = EnsembleSpec(epsilons: [1e-8], members: 2, steps: 1)
        let plain = EnsembleRunner(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 0)
        let kernel = EnsembleKernel(architecture: architecture, train: train, spec: spec)
            .run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 0)
        for (a, b) in zip(plain.referenceLoss, kernel.referenceLoss) { #expect(abs(a - b) <= 1e-13 * abs(b)) }
        #expect(Optimizer.gd.isPlainGradientDescent && !Optimizer(kind: .gd, weightDecay: 0.1).isPlainGradientDescent)
    }
}
