import Analysis
import Diagnostics
import Testing

@testable import Sweep

@Suite("Diagnostics aggregated per η")
struct DiagnosticsTableTests {
    /// Diagnostics whose every value is `x` (λ̂ and the spectrum) or `|x|` (masses, norms), over `steps` steps.
    static func constant(_ x: Double, steps: Int, pValue: Double) -> TrainingDiagnostics {
        TrainingDiagnostics(
            benettin: Array(repeating: x, count: steps), spectrum: [x, x - 1],
            ghostMass: Array(repeating: abs(x), count: steps + 1), gradientNorm: Array(repeating: abs(x), count: steps + 1),
            runningMeanLoss: Array(repeating: abs(x), count: steps + 1),
            kantz: KantzResult(divergence: [0, x], exponent: x, pValue: pValue))
    }

    @Test("mean and population std across ICs of final values, each exponent, Kantz and the significant fraction")
    func statistics() throws {
        var table = DiagnosticsTable(etas: [0.5, 2])
        table.add(task: SweepTask(icIndex: 0, etaIndex: 1), diagnostics: Self.constant(1, steps: 4, pValue: 0.01))
        table.add(task: SweepTask(icIndex: 1, etaIndex: 1), diagnostics: Self.constant(3, steps: 4, pValue: 0.5))
        table.add(task: SweepTask(icIndex: 2, etaIndex: 1), diagnostics: Self.constant(-1, steps: 2, pValue: 0.04))
        let rows = table.rows()
        #expect(rows.map(\.ics) == [0, 3])
        #expect(rows[0].benettinFinal == nil && rows[0].spectrum.isEmpty && rows[0].kantzSignificantFraction == nil)
        let row = rows[1]
        #expect(row.eta == 2)
        #expect(row.benettinFinal?.mean == 1 && row.benettinFinal?.count == 3)
        #expect(abs(row.benettinFinal!.standardDeviation - (8.0 / 3).squareRoot()) < 1e-15)
        #expect(row.spectrum.map(\.mean) == [1, 0])
        #expect(row.ghostMassFinal?.mean == 5.0 / 3)
        #expect(row.kantzExponent?.mean == 1)
        #expect(row.kantzSignificantFraction == 2.0 / 3)
        #expect(row.benettinCurve.count == [3, 3, 2, 2], "an IC whose series stops early counts only where it has values")
        #expect(row.benettinCurve.mean == [1, 1, 2, 2] && row.benettinCurve.standardDeviation[3] == 1)
    }

    @Test("the rows do not depend on the order ICs are added in, nor on duplicates")
    func orderIndependent() {
        let diagnostics = (0..<5).map { Self.constant(0.1 * Double($0) + 1e-3, steps: 10, pValue: 0.2) }
        var forward = DiagnosticsTable(etas: [1])
        var backward = DiagnosticsTable(etas: [1])
        for (ic, values) in diagnostics.enumerated() { forward.add(task: SweepTask(icIndex: ic, etaIndex: 0), diagnostics: values) }
        for (ic, values) in diagnostics.enumerated().reversed() {
            backward.add(task: SweepTask(icIndex: ic, etaIndex: 0), diagnostics: values)
            backward.add(task: SweepTask(icIndex: ic, etaIndex: 0), diagnostics: values)
        }
        #expect(forward.rows() == backward.rows())
    }
}
