import Foundation
import Store
import TestSupport
import Testing

@Suite("A sweep with diagnostics, end to end", .serialized)
struct DiagnosticsSweepTests {
    static let sweep = SweepTexts.small(name: "diagnostics", seed: 11, eta: "[0.01, 1.0]", steps: 80,
                                        epsilon: "[1e-10, 1e-5]")
        + "\n[model]\nghosts = 2\n" + SweepTexts.diagnosticsTable(acfLags: 20, surrogates: 19)

    @Test("workers compute the diagnostics, the coordinator stores them bit for bit, and the report shows them")
    func storesAndReports() async throws {
        let harness = try Harness(sweep: Self.sweep)
        let run = try await harness.run(["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath, "--quiet"],
                                  label: "run", timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("6/6 tasks done"), "\(run.stdout)")

        let stored = try harness.storedResults()
        #expect(stored.count == 6)
        #expect(stored.allSatisfy { ($0.diagnostics?.spectrum.count ?? 0) == 3 && ($0.diagnostics?.ghostMass.count ?? 0) == 81 })
        #expect(stored == (try await harness.inProcessResults()), "the diagnostics from the workers equal an in-process run, bit for bit")

        let report = try await harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        let folder = harness.directory + "/report/"
        let index = try String(contentsOfFile: folder + "index.html", encoding: .utf8)
        #expect(index.contains("<h2>Diagnostics</h2>"))
        let figures = ["benettin.svg", "spectrum.svg", "ghost-mass.svg", "gradient-norm.svg", "running-mean-loss.svg",
                       "autocorrelation.svg", "weights.svg"]
        for figure in figures {
            #expect(FileManager.default.fileExists(atPath: folder + figure), "\(figure) is written")
            #expect(index.contains("src=\"\(figure)\""), "index.html shows \(figure)")
        }
        let table = try String(contentsOfFile: folder + "diagnostics.csv", encoding: .utf8).split(separator: "\n")
        #expect(table.count == 3 && table[1].hasPrefix("0,0.01,3,") && table[2].hasPrefix("0,1.0,3,"), "\(table)")
        let spectrum = try String(contentsOfFile: folder + "spectrum.csv", encoding: .utf8).split(separator: "\n")
        #expect(spectrum.count == 1 + 2 * 3)
    }
}
