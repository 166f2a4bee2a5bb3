import ArgumentParser
import Sweep

/// `lyapsweep validate`: checks sweep files without computing anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check sweep files: syntax, types, unknown keys, ranges, and that the network fits the dataset.",
        discussion: "Prints every problem as FILE:LINE: FIELD: MESSAGE and exits non-zero if any file has one."
    )

    @Argument(help: "Sweep files to check.", completion: .file(extensions: ["toml"]))
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            do {
                let sweep = try SweepFile.load(path: file)
                let context = try SweepContext(sweep)
                let d = sweep.definition
                print("\(file): ok — \(d.training.etas.count) η × \(d.ensemble.ics) ICs = \(context.tasks.count) tasks, "
                      + "\(d.ensembleSpec.trajectoryCount) trajectories × \(d.training.steps + 1) points each, "
                      + "\(context.trajectoryStepsPerTask * context.tasks.count) trajectory-steps"
                      + (d.computesDiagnostics ? "; diagnostics of each reference: \(Self.diagnostics(d))" : ""))
            } catch let error as SweepFileError {
                failed = true
                printError(error.description)
            }
        }
        if failed { throw ExitStatus.dataError.exitCode }
    }

    /// The diagnostics a sweep computes, e.g. "Benettin (δ₀ = 1e-08), spectrum k = 3, 2 ghost units".
    static func diagnostics(_ definition: SweepDefinition) -> String {
        let settings = definition.diagnostics
        let parts: [String?] = [
            settings.benettin ? "Benettin (δ₀ = \(settings.benettinDelta0))" : nil,
            settings.spectrumSize > 0 ? "spectrum k = \(settings.spectrumSize) (QR every \(settings.qrEvery))" : nil,
            definition.model.ghosts > 0 ? "\(definition.model.ghosts) ghost units" : nil,
            settings.invariantMeasure ? "gradient norm and running-mean loss" : nil,
            settings.perWeight ? "per-weight importance, displacement and path length" : nil,
            settings.lossSeries ? "Kantz and autocorrelation of the loss (\(settings.surrogates) surrogates)" : nil,
        ]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}
