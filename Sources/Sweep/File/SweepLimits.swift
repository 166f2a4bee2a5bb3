/// The largest sweep lyapsweep accepts: every count, size and product of sizes a sweep file can set is
/// bounded, and checked before anything is allocated for it (docs/sweep-limits.md gives the reasons and
/// what to do instead, usually: split the sweep into several files).
///
/// The rule behind the numbers: one task (an IC at one η, with every ε) must fit in
/// ``maxTaskMemoryBytes`` of worker memory (``TaskFootprint/memoryBytes``), its RESULT message in
/// ``maxResultBytes``, and the whole sweep in a database and a coordinator queue of ``maxTasks`` tasks.
public enum SweepLimits {
    /// The largest sweep file read, in bytes (1 MiB): sweep files are a few hundred bytes; the text is
    /// stored with every run and sent to every worker.
    public static let maxFileBytes = 1 << 20
    /// The longest sweep name, in characters; the name is a folder under `results/`.
    public static let maxNameLength = 100
    /// The most values of an η or ε list, including a `{ from, to, count }` range (checked before it is expanded).
    public static let maxListCount = 1_000
    /// The most initial conditions per η.
    public static let maxICs = 1_000_000
    /// The most tasks of a sweep, |η| × ICs: each is a database row and a queue entry of the coordinator.
    public static let maxTasks = 10_000_000
    /// The most fitted curves of a sweep, tasks × |ε|: each is a stored curve, a fit row and a Λ in memory
    /// when the λ table is aggregated.
    public static let maxCurves = 100_000_000
    /// The most entries of `model.layers` (input, hidden layers, output).
    public static let maxLayers = 64
    /// The widest layer, in units (also bounds `model.ghosts`).
    public static let maxLayerWidth = 10_000
    /// The most network parameters P (weights and biases, ghost units included): 80 MB per trajectory.
    public static let maxParameters = 10_000_000
    /// The most perturbed copies per ε (M).
    public static let maxMembers = 100_000
    /// The most steps of `training.steps` (T) and of `training.perturb_at` (t₀) each.
    public static let maxSteps = 10_000_000
    /// The most samples `data.train` or `data.test` may ask for.
    public static let maxSamples = 10_000_000
    /// The largest IDX dataset file, on disk or inflated from gzip, and the most bytes the kept samples'
    /// Float64 features may take (1 GiB each; MNIST's training images are 47 MB, 376 MB as Float64).
    public static let maxDatasetBytes = 1 << 30
    /// The most samples × (features + 1) of an IDX dataset's kept samples, which workers receive as CSV text in
    /// WELCOME (at most 6 bytes a value, "255.0,"): 8 Mi values, 48 MiB of text, below the wire's 64 MiB.
    public static let maxDatasetValuesSent = 8 << 20
    /// The most Lyapunov exponents of `diagnostics.spectrum` (each is a tangent vector of P numbers, and
    /// every QR costs k²P).
    public static let maxSpectrum = 1_000
    /// The largest `diagnostics.acf_lags`.
    public static let maxAutocorrelationLags = 10_000
    /// The most steps t₀ + T of a reference whose loss series is analysed (`loss_series`): Kantz's
    /// neighbour search is quadratic in the series length when the loss has converged, and runs once per
    /// surrogate as well.
    public static let maxLossSeriesSteps = 100_000
    /// The most bootstrap resamples × ICs per (η, ε) cell of the λ table (each resample draws every IC).
    public static let maxBootstrapDraws = 1_000_000_000
    /// The estimated peak memory of one task in a worker (``TaskFootprint/memoryBytes``), in bytes (2 GiB),
    /// so that one worker per core fits on an ordinary machine.
    public static let maxTaskMemoryBytes = 2 << 30
    /// The estimated size of one task's RESULT (``TaskFootprint/resultBytes``), in bytes (48 MiB): below the
    /// wire protocol's 64 MiB payload limit, with room for the encoding's tags and lengths.
    public static let maxResultBytes = 48 << 20
}
