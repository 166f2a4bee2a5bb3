import Foundation
import Sweep
import Testing

/// The shipped sweeps in sweeps/: each validates and runs end to end with `--ics 4`.
@Suite("Shipped sweep files", .serialized)
struct SweepFilesTests {
    static let sweepsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sweeps").path

    static let names = [
        "iris-eta1-eps-scan", "iris-eta0.01", "iris-eta5", "iris-post-learning", "iris-eta-scan", "digits-eta1", "iris-diagnostics",
        "iris-optimizers-gd", "iris-optimizers-momentum", "iris-optimizers-nesterov", "iris-optimizers-adam",
    ]

    @Test("every sweep file validates")
    func validate() async throws {
        let harness = try Harness(sweep: "")
        let paths = Self.names.map { Self.sweepsFolder + "/\($0).toml" }
        let result = try await harness.run(["validate"] + paths, label: "validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: ": ok").count == Self.names.count + 1, "\(result.stdout)")
    }

    /// Each shipped sweep, exactly as shipped, through `run --ics 4 --workers 2` and `report`.
    ///
    /// The files run unchanged (only the IC count is overridden), so what a user launches is what is
    /// tested. The ensemble kernel is optimised even in debug builds, so the costliest file (digits,
    /// ~400× an Iris step) takes about a minute on two cores.
    @Test("every sweep runs end to end with --ics 4 and reports", arguments: names)
    func runs(name: String) async throws {
        let path = Self.sweepsFolder + "/\(name).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let definition = try SweepFile.parse(text: text, path: path)
        let harness = try Harness(sweep: "")
        let run = try await harness.run(["run", path, "--ics", "4", "--workers", "2", "--db", harness.databasePath, "--quiet"],
                                  label: "run", timeout: 600)
        let tasks = 4 * definition.training.etas.count
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\(tasks)/\(tasks) tasks done"), "\(run.stdout)")
        let report = try await harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: harness.directory + "/report/index.html"))
    }
}
