import Foundation
import Testing

@Suite("report and refit on a user CSV dataset", .serialized)
struct ReportCommandTests {
    /// Two noisy clusters in 2-D, labels 0 and 1, with a header line.
    static let csv: String = {
        var lines = ["x,y,label"]
        for k in 0..<40 {
            let angle = Double(k) * 2.399963
            let label = k % 2
            lines.append(String(format: "%.4f,%.4f,%d", Double(label) * 2 + cos(angle), Double(label) - sin(angle) * 0.8, label))
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let sweep = """
        name = "user-csv"
        seed = 3
        [data]
        dataset = "points.csv"
        [model]
        layers = [2, 4, 2]
        [training]
        eta = 2.0
        steps = 60
        [ensemble]
        ics = 3
        members = 2
        epsilon = [1e-8, 1e-4]
        [fit]
        grid_start_max = 10
        grid_length_min = 10
        grid_length_max = 40
        """

    @Test("a sweep on a CSV next to the sweep file runs from another folder, then report and refit work without workers")
    func userDatasetReportAndRefit() async throws {
        let harness = try Harness(sweep: "")
        let experiment = harness.directory + "/experiment"
        try FileManager.default.createDirectory(atPath: experiment, withIntermediateDirectories: true)
        try Self.csv.write(toFile: experiment + "/points.csv", atomically: true, encoding: .utf8)
        try Self.sweep.write(toFile: experiment + "/sweep.toml", atomically: true, encoding: .utf8)
        // The processes run in harness.directory, where "points.csv" does not exist: workers must get the data from WELCOME.
        let run = try await harness.run(["run", "experiment/sweep.toml", "--workers", "2", "--db", harness.databasePath, "--quiet"], label: "run",
                                        environment: ["LYAPSWEEP_KERNEL": "portable"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3/3 tasks done"), "\(run.stdout)")

        let refit = try await harness.run(["refit", harness.databasePath, "--window", "fixed:5:40", "--min-r2", "0.5"], label: "refit")
        #expect(refit.status == 0, "\(refit.stderr)")
        #expect(refit.stdout.contains("analysis #1: fixed window 5 ≤ t ≤ 40; keep R² > 0.5"), "\(refit.stdout)")
        #expect(!refit.stdout.contains("tasks done"), "refit computes no task")

        let report = try await harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("analysis #1"), "the latest analysis is shown by default")
        let index = try String(contentsOfFile: harness.directory + "/report/index.html", encoding: .utf8)
        for figure in ["lambda-vs-epsilon.svg", "lambda-vs-eta.svg", "kept-fraction.svg", "loss.svg", "histograms-eta0.svg", "divergence-eta0.svg"] {
            #expect(index.contains("src=\"\(figure)\""))
            #expect(FileManager.default.fileExists(atPath: harness.directory + "/report/" + figure))
        }
        #expect(index.contains("points.csv"))
        #expect(index.contains("Other analyses"), "the run's own analysis #0 is listed too")
        #expect(index.contains("<th>kernel variants</th><td>portable (2 worker processes, 3 tasks)</td>"),
                "the workers said which kernel variant they ran (LYAPSWEEP_KERNEL=portable for the run)")

        let original = try await harness.run(["report", harness.databasePath, "--analysis", "0", "--out", harness.directory + "/report0"], label: "report0")
        #expect(original.status == 0 && original.stdout.contains("analysis #0"), "\(original.stderr)")
    }
}
