import Analysis
import Diagnostics
import Testing

@testable import Sweep

@Suite("Benettin's estimate over the ensemble's horizon")
struct MatchedHorizonTests {
    /// The running estimate λ̂(t) = (1/t) Σ_{s ≤ t} x_s of per-step log ratios x_s, s = 1 … count.
    static func running(_ x: [Double]) -> [Double] {
        var sum = 0.0
        return x.enumerated().map { index, value in
            sum += value
            return sum / Double(index + 1)
        }
    }

    @Test("the matched estimate is the mean log ratio over steps t₀ + 1 … t₀ + H, not over the whole run")
    func matchedEstimate() throws {
        // 10 pre-training steps at 0.5, then 20 steps at 0.3, then 70 converged steps at −0.2.
        let x = [Double](repeating: 0.5, count: 10) + [Double](repeating: 0.3, count: 20) + [Double](repeating: -0.2, count: 70)
        let benettin = Self.running(x)
        let matched = try #require(DiagnosticsTable.matchedEstimate(benettin, perturbAt: 10, steps: 20))
        #expect(abs(matched - 0.3) < 1e-14)
        #expect(abs(benettin.last! - (5 + 6 - 14) / 100.0) < 1e-14, "λ̂(T) mixes in the converged phase")
        #expect(abs(try #require(DiagnosticsTable.matchedEstimate(benettin, perturbAt: 0, steps: 10)) - 0.5) < 1e-14)
        #expect(DiagnosticsTable.matchedEstimate(benettin, perturbAt: 90, steps: 20) == nil, "a series that stops early")

        var table = DiagnosticsTable(etas: [1], perturbAt: 10, matchedSteps: 20)
        table.add(task: SweepTask(icIndex: 0, etaIndex: 0), diagnostics: TrainingDiagnostics(benettin: benettin))
        table.add(task: SweepTask(icIndex: 1, etaIndex: 0), diagnostics: TrainingDiagnostics(benettin: Array(benettin.prefix(25))))
        let row = try #require(table.rows().first)
        #expect(row.benettinMatched?.count == 1 && abs(row.benettinMatched!.mean - 0.3) < 1e-14)
        #expect(DiagnosticsTable(etas: [1]).rows()[0].benettinMatched == nil)
    }

    @Test("the ensemble's horizon is the reach of the fit windows, at most T")
    func horizon() throws {
        func definition(_ fit: String, steps: Int = 1000) throws -> SweepDefinition {
            try SweepFile.parse(text: "seed = 1\n[training]\neta = 1.0\nsteps = \(steps)\n[ensemble]\nics = 1\n[fit]\n" + fit, path: "t.toml")
        }
        #expect(try definition("").ensembleHorizon == 200)
        #expect(try definition("", steps: 150).ensembleHorizon == 150)
        #expect(try definition("window = \"anchored\"\nanchored_end_max = 300\n").ensembleHorizon == 301)
        #expect(try definition("window = \"fixed\"\nfixed_start = 10\nfixed_end = 60\n").ensembleHorizon == 61)
    }
}
