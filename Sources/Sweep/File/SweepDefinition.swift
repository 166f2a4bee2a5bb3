import Analysis
import Diagnostics
import Dynamics

/// A validated sweep: every field of the sweep file with defaults filled in (docs/METHOD.md §1–§4).
///
/// Two definitions that compare equal describe the same computation, so it is what a resumed run is
/// checked against.
public struct SweepDefinition: Hashable, Sendable, Codable {
    /// The sweep's name, used for output folders (default: the file name without extension).
    public var name: String
    /// The sweep seed from which every IC and perturbation stream is derived.
    public var seed: UInt64
    /// Where the samples come from and how they are split.
    public var data: DataSection
    /// The network.
    public var model: ModelSection
    /// The gradient-descent map.
    public var training: TrainingSection
    /// The perturbation ensembles.
    public var ensemble: EnsembleSection
    /// How Λ is fitted and filtered.
    public var fit: FitSection
    /// The further diagnostics of each task's reference trajectory (docs/METHOD.md §6); all off by default.
    public var diagnostics: DiagnosticsSettings

    /// The `[data]` table.
    public struct DataSection: Hashable, Sendable, Codable {
        /// `iris`, `digits`, or the path of a CSV file (relative paths are resolved against the sweep file);
        /// for an IDX dataset, the path of its image file (the name its reports use).
        public var dataset: String
        /// The image and label files of an IDX dataset (`dataset = { idx = [images, labels] }`), or nil.
        public var idx: [String]?
        /// Samples kept of an IDX dataset, a seeded subset drawn before the train/test split; nil: all.
        public var subset: Int?
        /// Training samples (nil: 80% of the dataset; Iris: 120).
        public var train: Int?
        /// Test samples (nil: the rest of the dataset; Iris: 30).
        public var test: Int?
        /// Seed of the train/test shuffle.
        public var splitSeed: UInt64
        /// Z-score features with the training split's statistics.
        public var standardize: Bool
    }

    /// The `[model]` table.
    public struct ModelSection: Hashable, Sendable, Codable {
        /// Layer widths, input to output.
        public var layers: [Int]
        /// Hidden activation.
        public var activation: Activation
        /// Standard deviation of the N(0, σ²) initial weights.
        public var initStd: Double
        /// Ghost output units K appended after the `layers.last` class outputs; no label selects them (0: none).
        public var ghosts: Int
    }

    /// The `[training]` table.
    public struct TrainingSection: Hashable, Sendable, Codable {
        /// Learning rates η, in sweep order.
        public var etas: [Double]
        /// Steps recorded after the perturbation (T).
        public var steps: Int
        /// Steps the reference trains before the perturbation (t₀).
        public var perturbAt: Int
        /// Samples per mini-batch of SGD, the batch order shared by a reference and its copies (docs/METHOD.md §1);
        /// nil: full-batch gradient descent.
        public var batchSize: Int?
        /// The update rule and its hyper-parameters (docs/METHOD.md §1.4); plain gradient descent by default.
        public var optimizer: Optimizer
        /// The onset search that `etas` is the lattice of (`eta = { onset = … }`); nil for a list of η.
        public var onset: OnsetSearch? = nil
    }

    /// The `[ensemble]` table.
    public struct EnsembleSection: Hashable, Sendable, Codable {
        /// Number of initial conditions per η.
        public var ics: Int
        /// Perturbed copies per ε (M).
        public var members: Int
        /// Perturbation sizes ε.
        public var epsilons: [Double]
        /// Perturb biases as well as weights.
        public var perturbBiases: Bool
        /// Distance between a copy and the reference.
        public var distance: DistanceNorm
        /// Store every member's curve, not only the mean.
        public var keepMemberCurves: Bool
        /// The precision at which an η stops gaining ICs; nil: every η has exactly `ics` ICs.
        public var precision: PrecisionTarget? = nil
        /// Add the tangent ensemble, the ε → 0 limit (docs/METHOD.md §2.5), as one more curve per task after the ε
        /// curves, with ε = 0.
        public var tangent: Bool = false

        /// The ε of every curve a task reports, in order: the sweep's ε list, then 0 for the tangent curve when
        /// ``tangent`` is on. The position in this list is a curve's ε index everywhere (fits, store, tables).
        public var curveEpsilons: [Double] { tangent ? epsilons + [0] : epsilons }
    }

    /// The `[fit]` table.
    public struct FitSection: Hashable, Sendable, Codable {
        /// The window rule.
        public var window: WindowRule
        /// The filter on fits.
        public var filter: FitFilter
        /// Bootstrap resamples for the 95% interval.
        public var bootstrapResamples: Int
        /// Bins of the P(Λ) histogram.
        public var histogramBins: Int
    }

    /// The ensemble spec a task trains with.
    public var ensembleSpec: EnsembleSpec {
        EnsembleSpec(
            epsilons: ensemble.epsilons, members: ensemble.members, steps: training.steps,
            perturbAt: training.perturbAt, perturbBiases: ensemble.perturbBiases,
            distance: ensemble.distance, keepMemberCurves: ensemble.keepMemberCurves, batchSize: training.batchSize,
            optimizer: training.optimizer)
    }

    /// The network every trajectory of a task trains: `model.layers` with the K ghost units added to the
    /// output layer (output width C + K).
    public var architecture: NetworkArchitecture {
        var layers = model.layers
        layers[layers.count - 1] += model.ghosts
        return NetworkArchitecture(layers: layers, activation: model.activation)
    }

    /// Whether a task computes ``TrainingDiagnostics`` along its reference: some diagnostic is on, or the
    /// network has ghost units (whose probability mass is then recorded).
    public var computesDiagnostics: Bool {
        diagnostics.isEnabled || model.ghosts > 0
    }
}
