/// The diagnostics of one task's reference trajectory (docs/METHOD.md §6); a field is empty when its
/// diagnostic was not asked for.
///
/// Time series have one entry per training step t = 0 … T of the reference (t₀ + T when the ensemble is
/// perturbed after t₀ pre-training steps), cut short if the reference diverged.
public struct TrainingDiagnostics: Hashable, Sendable, Codable {
    /// Benettin's running estimate λ̂(t) = (1/t) Σ_{s ≤ t} ln(δ_s/δ₀), for t = 1 … T.
    public var benettin: [Double]
    /// The top-k Lyapunov exponents at the end of training, largest first.
    public var spectrum: [Double]
    /// Total softmax probability on the ghost output units, averaged over the training samples, per step.
    public var ghostMass: [Double]
    /// ‖∇L(W(t))‖₂ per step.
    public var gradientNorm: [Double]
    /// (1/(t+1)) Σ_{s ≤ t} L(W(s)) per step.
    public var runningMeanLoss: [Double]
    /// Per parameter (canonical order): L(W(T) with that parameter set to 0) − L(W(T)).
    public var weightImportance: [Double]
    /// Per parameter: |w(T) − w(0)|.
    public var weightDisplacement: [Double]
    /// Per parameter: Σ_t |w(t+1) − w(t)|.
    public var weightPathLength: [Double]
    /// Kantz's analysis of the loss curve, when asked for and the series is long enough.
    public var kantz: KantzResult?
    /// Autocorrelation of the loss curve at lags 0 … L.
    public var autocorrelation: [Double]
    /// Half-width of the shuffled surrogates' 95% band at each lag 0 … L.
    public var autocorrelationBand: [Double]

    /// Creates diagnostics; every field defaults to "not computed".
    public init(
        benettin: [Double] = [], spectrum: [Double] = [], ghostMass: [Double] = [], gradientNorm: [Double] = [],
        runningMeanLoss: [Double] = [], weightImportance: [Double] = [], weightDisplacement: [Double] = [],
        weightPathLength: [Double] = [], kantz: KantzResult? = nil, autocorrelation: [Double] = [],
        autocorrelationBand: [Double] = []
    ) {
        self.benettin = benettin
        self.spectrum = spectrum
        self.ghostMass = ghostMass
        self.gradientNorm = gradientNorm
        self.runningMeanLoss = runningMeanLoss
        self.weightImportance = weightImportance
        self.weightDisplacement = weightDisplacement
        self.weightPathLength = weightPathLength
        self.kantz = kantz
        self.autocorrelation = autocorrelation
        self.autocorrelationBand = autocorrelationBand
    }
}
