import Foundation
import Sweep
import Testing

/// The shipped sweeps in sweeps/: each validates and runs end to end with `--ics 4`.
@Suite("Shipped sweep files", .serialized)
struct SweepFilesTests {
    static let sweepsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sweeps").path

    static let names = ["iris-eta1-eps-scan", "iris-eta0.01", "iris-eta5", "iris-post-learning", "iris-eta-scan", "digits-eta1"]

    @Test("every sweep file validates")
    func validate() throws {
        let harness = try Harness(sweep: "")
        let paths = Self.names.map { Self.sweepsFolder + "/\($0).toml" }
        let result = try harness.run(["validate"] + paths, label: "validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: ": ok").count == Self.names.count + 1, "\(result.stdout)")
    }

    /// Each shipped sweep through `run --ics 4 --workers 2` and `report`, as shipped but shortened in time.
    ///
    /// The debug build the tests use computes a few hundred trajectory-steps per second (the release build
    /// ~10⁵), so a copy of the file runs with `steps` (and `perturb_at`) lowered to fit a budget of Iris-step
    /// equivalents: the same dataset, network, η and ε lists, through the same processes. The digits sweep,
    /// ~150× costlier per step, runs one IC.
    @Test("every sweep runs end to end with --ics 4 and reports", arguments: names)
    func runs(name: String) throws {
        let text = try String(contentsOfFile: Self.sweepsFolder + "/\(name).toml", encoding: .utf8)
        let definition = try SweepFile.parse(text: text, path: name + ".toml")
        let digits = definition.model.layers.first == 64
        let ics = digits ? 1 : 4
        let perStep = ics * definition.training.etas.count * definition.ensembleSpec.trajectoryCount * (digits ? 150 : 1)
        let steps = max(2, Self.stepBudget / perStep - 1)
        let shortened = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("steps =") { return "steps = \(min(steps, definition.training.steps))" }
            if line.hasPrefix("perturb_at =") { return "perturb_at = \(min(definition.training.perturbAt, Self.stepBudget / (2 * ics)))" }
            return String(line)
        }.joined(separator: "\n")
        let harness = try Harness(sweep: shortened)
        let run = try harness.run(["run", harness.sweepPath, "--ics", "\(ics)", "--workers", "2", "--db", harness.databasePath, "--quiet"],
                                  label: "run", timeout: 120)
        let tasks = ics * definition.training.etas.count
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\(tasks)/\(tasks) tasks done"), "\(run.stdout)")
        let report = try harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: harness.directory + "/report/index.html"))
    }

    /// Iris trajectory-steps one shortened run may take in the debug build.
    static let stepBudget = 2000
}
