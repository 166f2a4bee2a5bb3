import Foundation
import Sweep
import TestSupport
import Testing

/// sweeps/mnist-subset.toml, exactly as shipped, on IDX files the test writes in MNIST's shape.
@Suite("The MNIST sweep on generated IDX files")
struct MNISTSweepTests {
    @Test("mnist-subset.toml validates and runs end to end with --ics 2 on generated 28 × 28 IDX files")
    func runs() async throws {
        let path = SweepFilesTests.sweepsFolder + "/mnist-subset.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let definition = try SweepFile.parse(text: text, path: path)
        let idx = try #require(definition.data.idx)
        let subset = try #require(definition.data.subset)
        let harness = try Harness(sweep: text)
        // As many images as the subset needs and a few more, so that the seeded draw really chooses.
        try writeIDXPair(directory: harness.directory, images: idx[0], labels: idx[1], count: subset + 50, rows: 28,
                         columns: 28, classes: 10, seed: 4)
        let validate = try await harness.run(["validate", harness.sweepPath], label: "validate")
        #expect(validate.status == 0, "\(validate.stderr)")
        let run = try await harness.run(["run", harness.sweepPath, "--ics", "2", "--workers", "2", "--db", harness.databasePath,
                                         "--quiet"], label: "run", timeout: 900)
        let tasks = 2 * definition.training.etas.count
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\(tasks)/\(tasks) tasks done"), "\(run.stdout)")
    }
}
