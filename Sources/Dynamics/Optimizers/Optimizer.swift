/// The update rule of the training map: plain gradient descent or one of the optimizers people train with
/// (docs/METHOD.md §1.4).
///
/// Each is a deterministic map of the weights W and the optimizer's state (velocity v, moments m and s, step
/// count), with g = ∇L(W) + λW (λ = ``weightDecay``, an L2 term added to the gradient as in PyTorch's SGD and
/// Adam):
///
/// - `gd`:        W ← W − η g
/// - `momentum`:  v ← μ v + g,  W ← W − η v                      (heavy ball, PyTorch's form)
/// - `nesterov`:  v ← μ v + g,  W ← W − η (g + μ v)              (PyTorch's form)
/// - `adam`:      n ← n + 1,  m ← β₁ m + (1 − β₁) g,  s ← β₂ s + (1 − β₂) g²,
///                W ← W − η m̂ / (√ŝ + ε̂)  with m̂ = m / (1 − β₁ⁿ), ŝ = s / (1 − β₂ⁿ)
///
/// The state starts at zero and is the same for the reference and every perturbed copy: only weights are
/// perturbed. Adam's step count n counts every step from W(0), the t₀ pre-perturbation steps included.
public struct Optimizer: Hashable, Sendable, Codable {
    /// Which update rule.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Plain (full-batch or mini-batch) gradient descent.
        case gd
        /// Heavy-ball momentum.
        case momentum
        /// Nesterov momentum.
        case nesterov
        /// Adam with bias correction.
        case adam
    }

    /// The update rule.
    public var kind: Kind
    /// μ of `momentum` and `nesterov`, in [0, 1).
    public var momentum: Double
    /// β₁ of `adam`, the first-moment decay, in [0, 1).
    public var beta1: Double
    /// β₂ of `adam`, the second-moment decay, in [0, 1).
    public var beta2: Double
    /// ε̂ of `adam`, added to √ŝ in the denominator; > 0.
    public var epsilonAdam: Double
    /// λ, the L2 coefficient added to the gradient as λW (every rule); ≥ 0.
    public var weightDecay: Double

    /// Creates an optimizer; the defaults are PyTorch's (μ = 0.9 has no PyTorch default; it is the usual choice).
    public init(
        kind: Kind = .gd, momentum: Double = 0.9, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilonAdam: Double = 1e-8, weightDecay: Double = 0
    ) {
        self.kind = kind
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilonAdam = epsilonAdam
        self.weightDecay = weightDecay
    }

    /// Plain gradient descent, W ← W − η∇L(W): the map of every sweep that does not name an optimizer.
    public static let gd = Optimizer()

    /// Whether this is W ← W − η∇L(W) exactly (gd without weight decay), the map the lockstep
    /// ``EnsembleKernel`` computes.
    public var isPlainGradientDescent: Bool { kind == .gd && weightDecay == 0 }

    /// Vectors of P numbers the state holds per trajectory: 0 for gd, 1 (v) for momentum and Nesterov, 2 (m, s)
    /// for Adam.
    public var stateVectorCount: Int {
        switch kind {
        case .gd: 0
        case .momentum, .nesterov: 1
        case .adam: 2
        }
    }
}
