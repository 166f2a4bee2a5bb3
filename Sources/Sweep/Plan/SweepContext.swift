import Diagnostics
import Dynamics
import Foundation

/// A sweep made ready to compute: its dataset loaded and split, its network and ensemble fixed.
///
/// Building the context is the only step that reads files; ``run(_:)`` is then a pure function of the
/// task (docs/METHOD.md §5), so any process holding the same sweep text computes bit-identical results.
public struct SweepContext: Sendable {
    /// The validated sweep.
    public let definition: SweepDefinition
    /// The train/test split the network trains on.
    public let split: DataSplit
    /// The ensemble's engine: the lockstep kernel for plain gradient descent, the plain runner for any other
    /// optimizer (docs/PERFORMANCE.md gives the measured costs).
    private let engine: Engine

    private enum Engine: Sendable {
        case kernel(EnsembleKernel)
        case plain(EnsembleRunner)
    }
    /// The ε → 0 ensemble, when the sweep asks for it (plain gradient descent only: the reader refuses others).
    private let tangent: TangentEnsemble?

    /// Loads the dataset and checks that the network fits it.
    ///
    /// - Parameters:
    ///   - definition: The sweep.
    ///   - baseDirectory: Where a relative dataset path is resolved (the sweep file's folder).
    ///   - file: The sweep file name, for error messages.
    /// - Throws: ``SweepFileError`` if the dataset cannot be loaded or does not match the layers.
    public init(definition: SweepDefinition, baseDirectory: String, file: String) throws {
        let dataset: Dataset
        let data = definition.data
        do {
            if data.idx != nil {
                dataset = try data.loadIDX(relativeTo: baseDirectory)
                let values = dataset.sampleCount * (dataset.featureCount + 1)
                if values > SweepLimits.maxDatasetValuesSent {
                    throw SweepFileError(issues: [SweepIssue(file: file, line: nil, field: "data.subset", message: """
                        keeps \(dataset.sampleCount) samples × (\(dataset.featureCount) features + a label) = \(values) values, \
                        which workers receive as text; allowed: at most \(SweepLimits.maxDatasetValuesSent) values, a subset of \
                        at most \(SweepLimits.maxDatasetValuesSent / (dataset.featureCount + 1)) samples (docs/sweep-limits.md)
                        """)])
                }
            } else if let bundled = BundledDataset(rawValue: data.dataset) {
                dataset = try bundled.load()
            } else {
                let path = data.csvPath(relativeTo: baseDirectory)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw DatasetError(source: path, line: nil, message: "cannot read the file; `dataset` is \"iris\", \"digits\" or a CSV path")
                }
                dataset = try Dataset(csv: text, name: (path as NSString).lastPathComponent, source: path)
            }
        } catch let error as DatasetError {
            throw SweepFileError(issues: [SweepIssue(file: file, line: nil, field: "data.dataset", message: error.description)])
        }
        try self.init(definition: definition, dataset: dataset, file: file)
    }

    /// Checks that the network fits an already loaded dataset, e.g. one a worker received as CSV text.
    ///
    /// - Parameters:
    ///   - definition: The sweep.
    ///   - dataset: The whole dataset, before the train/test split.
    ///   - file: The sweep file name, for error messages.
    /// - Throws: ``SweepFileError`` if the split or the layers do not match the dataset.
    public init(definition: SweepDefinition, dataset: Dataset, file: String) throws {
        let data = definition.data
        let train = data.train ?? Int((Double(dataset.sampleCount) * 0.8).rounded())
        let test = data.test ?? (dataset.sampleCount - train)
        var issues: [SweepIssue] = []
        if train + test > dataset.sampleCount || train < 1 {
            issues.append(SweepIssue(file: file, line: nil, field: "data.train",
                                     message: "train (\(train)) + test (\(test)) exceeds the \(dataset.sampleCount) samples of \(dataset.name)"))
        }
        if let batchSize = definition.training.batchSize, batchSize > train {
            issues.append(SweepIssue(file: file, line: nil, field: "training.batch_size",
                                     message: "is \(batchSize) but the training split has \(train) samples; allowed: 1 … \(train)"))
        }
        let layers = definition.model.layers
        if layers.first != dataset.featureCount {
            issues.append(SweepIssue(file: file, line: nil, field: "model.layers",
                                     message: "the input width is \(layers[0]) but \(dataset.name) has \(dataset.featureCount) features"))
        }
        if layers.last! < dataset.classCount {
            issues.append(SweepIssue(file: file, line: nil, field: "model.layers",
                                     message: "the output width is \(layers.last!) but \(dataset.name) has \(dataset.classCount) classes"))
        } else if definition.model.ghosts > 0, layers.last! != dataset.classCount {
            issues.append(SweepIssue(file: file, line: nil, field: "model.ghosts",
                                     message: "with ghost units the output width of `layers` must be the class count (\(dataset.classCount) for \(dataset.name)), found \(layers.last!); the \(definition.model.ghosts) ghosts are added to it"))
        }
        if issues.isEmpty {
            // The reader estimated the footprint without a CSV dataset's size; now the split is known.
            for problem in TaskFootprint(definition: definition, trainSamples: train).problems() {
                issues.append(SweepIssue(file: file, line: nil, field: "\(problem.table).\(problem.key)", message: problem.message))
            }
        }
        guard issues.isEmpty else { throw SweepFileError(issues: issues) }
        self.definition = definition
        split = DataSplit(dataset: dataset, trainCount: train, testCount: test, seed: definition.data.splitSeed,
                          standardize: definition.data.standardize)
        let spec = definition.ensembleSpec
        engine = spec.optimizer.isPlainGradientDescent
            ? .kernel(EnsembleKernel(architecture: definition.architecture, train: split.train, spec: spec))
            : .plain(EnsembleRunner(architecture: definition.architecture, train: split.train, spec: spec))
        tangent = definition.ensemble.tangent
            ? TangentEnsemble(architecture: definition.architecture, train: split.train, spec: spec) : nil
    }

    /// Creates the context of a loaded sweep file; every problem is placed on its line of the file.
    ///
    /// - Throws: ``SweepFileError`` if the dataset cannot be loaded or does not match the sweep.
    public init(_ sweep: LoadedSweep) throws {
        do {
            self = try SweepContext(definition: sweep.definition, baseDirectory: sweep.directory, file: sweep.path)
        } catch let error as SweepFileError {
            throw error.located(in: sweep.text)
        }
    }

    /// Every task of the sweep, in id order (η-major).
    public var tasks: [SweepTask] { definition.tasks }

    /// Trajectory-steps one task performs (``SweepDefinition/trajectoryStepsPerTask``).
    public var trajectoryStepsPerTask: Int { definition.trajectoryStepsPerTask }

    /// Computes one task: the ensemble, its tangent curve (ε → 0, appended after the ε curves) when the sweep has
    /// `ensemble.tangent`, and, when the sweep asks for them (``SweepDefinition/computesDiagnostics``), the
    /// diagnostics of its reference trajectory — the same initial condition and η, t₀ + T steps.
    ///
    /// - Parameter progress: Receives the trajectory-steps done while the task runs (the ensemble's; the
    ///   tangent curve and the diagnostics run after it).
    public func run(_ task: SweepTask, progress: StepProgress? = nil) -> TaskResult {
        let eta = definition.training.etas[task.etaIndex]
        let architecture = definition.architecture
        let initial = InitialCondition.draw(
            architecture: architecture, initStd: definition.model.initStd,
            sweepSeed: definition.seed, icIndex: task.icIndex)
        var ensemble = switch engine {
        case .kernel(let kernel):
            kernel.run(initial: initial, learningRate: eta, sweepSeed: definition.seed, icIndex: task.icIndex, progress: progress)
        case .plain(let runner):
            runner.run(initial: initial, learningRate: eta, sweepSeed: definition.seed, icIndex: task.icIndex, progress: progress)
        }
        if let tangent {
            ensemble.curves.append(tangent.run(initial: initial, learningRate: eta, sweepSeed: definition.seed,
                                               icIndex: task.icIndex))
        }
        var diagnostics: TrainingDiagnostics?
        if definition.computesDiagnostics {
            diagnostics = TrainingDiagnosticsRunner.run(
                settings: definition.diagnostics, architecture: architecture, ghosts: definition.model.ghosts,
                train: split.train, initial: initial, learningRate: eta,
                steps: definition.training.perturbAt + definition.training.steps, seed: definition.seed, icIndex: task.icIndex)
        }
        return TaskResult(task: task, eta: eta, ensemble: ensemble, diagnostics: diagnostics)
    }
}
