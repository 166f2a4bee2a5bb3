/// Which of the method family's further diagnostics (docs/METHOD.md §6) a sweep computes, and their
/// parameters. Every diagnostic is off by default; a sweep file's `[diagnostics]` table turns them on.
///
/// Diagnostics follow the reference trajectory of each task (the IC's own training run at the task's η):
/// they describe the training map along it, not the ε ensemble.
public struct DiagnosticsSettings: Hashable, Sendable, Codable {
    /// Record the Benettin running estimate λ̂(t) of the training map's largest Lyapunov exponent.
    public var benettin: Bool
    /// The companion trajectory's distance δ₀ from the reference, restored after every step.
    public var benettinDelta0: Double
    /// How many of the largest Lyapunov exponents to compute with tangent vectors (0 = none).
    public var spectrumSize: Int
    /// Steps between QR re-orthonormalisations of the tangent vectors.
    public var qrEvery: Int
    /// Record the gradient norm ‖∇L(W(t))‖ and the running time-average of the loss.
    public var invariantMeasure: Bool
    /// Record per-weight importance, displacement and path length at the end of training.
    public var perWeight: Bool
    /// Analyse the reference's loss curve as a scalar series: Kantz's exponent and the autocorrelation,
    /// each with a shuffled-surrogate test.
    public var lossSeries: Bool
    /// Delay-embedding dimension for Kantz's method.
    public var kantzEmbedding: Int
    /// Delay (in steps) of the embedding.
    public var kantzDelay: Int
    /// Neighbourhood radius as a fraction of the series' standard deviation.
    public var kantzRadius: Double
    /// Largest look-ahead k of S(k); the exponent is the slope of S(k) over 0…`kantzSteps`.
    public var kantzSteps: Int
    /// Theiler window w: points closer than w + 1 steps in time are not neighbours (0 excludes only the
    /// point itself, as TISEAN's `lyap_k` does by default).
    public var kantzTheilerWindow: Int
    /// Largest lag of the autocorrelation function.
    public var autocorrelationLags: Int
    /// Shuffled surrogates for the Kantz significance test and the autocorrelation band.
    public var surrogates: Int

    /// Creates settings; everything is off unless given.
    public init(
        benettin: Bool = false, benettinDelta0: Double = 1e-8, spectrumSize: Int = 0, qrEvery: Int = 1,
        invariantMeasure: Bool = false, perWeight: Bool = false, lossSeries: Bool = false,
        kantzEmbedding: Int = 3, kantzDelay: Int = 1, kantzRadius: Double = 0.1, kantzSteps: Int = 10,
        kantzTheilerWindow: Int = 0, autocorrelationLags: Int = 50, surrogates: Int = 99
    ) {
        self.benettin = benettin
        self.benettinDelta0 = benettinDelta0
        self.spectrumSize = spectrumSize
        self.qrEvery = qrEvery
        self.invariantMeasure = invariantMeasure
        self.perWeight = perWeight
        self.lossSeries = lossSeries
        self.kantzEmbedding = kantzEmbedding
        self.kantzDelay = kantzDelay
        self.kantzRadius = kantzRadius
        self.kantzSteps = kantzSteps
        self.kantzTheilerWindow = kantzTheilerWindow
        self.autocorrelationLags = autocorrelationLags
        self.surrogates = surrogates
    }

    /// Whether any diagnostic is on (a task computes nothing extra otherwise).
    public var isEnabled: Bool { benettin || spectrumSize > 0 || invariantMeasure || perWeight || lossSeries }
}
