import Diagnostics
import Dynamics
import Sweep
import Testing
@testable import Wire

@Suite("Wire: diagnostics in RESULT")
struct DiagnosticsCodingTests {
    /// Encodes `result` as a RESULT and decodes it again.
    private func roundTrip(_ result: TaskResult) throws -> TaskResult? {
        let frames = WireCodec.encode(.result(ResultReport(taskID: 1, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)))
        guard case .result(let report) = try WireCodec.decode(frames) else { return nil }
        return report.result
    }

    /// The decoding error of `Fixtures.resultWithDiagnostics` with its diagnostics changed.
    private func failure(_ change: (inout TrainingDiagnostics) -> Void) -> WireError? {
        var result = Fixtures.resultWithDiagnostics
        change(&result.diagnostics!)
        let frames = WireCodec.encode(.result(ResultReport(taskID: 1, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)))
        return #expect(throws: WireError.self) { try WireCodec.decode(frames) }
    }

    @Test("every series survives bit for bit, −∞ and −0.0 included")
    func bitExact() throws {
        let sent = try #require(Fixtures.resultWithDiagnostics.diagnostics)
        let got = try #require(try roundTrip(Fixtures.resultWithDiagnostics)?.diagnostics)
        let series: [KeyPath<TrainingDiagnostics, [Double]>] = [
            \.benettin, \.spectrum, \.ghostMass, \.gradientNorm, \.runningMeanLoss, \.weightImportance, \.weightDisplacement,
            \.weightPathLength, \.autocorrelation, \.autocorrelationBand,
        ]
        for path in series {
            #expect(got[keyPath: path].map(\.bitPattern) == sent[keyPath: path].map(\.bitPattern), "\(path)")
        }
        #expect(got.kantz?.divergence.map(\.bitPattern) == sent.kantz?.divergence.map(\.bitPattern))
        #expect(got.kantz?.exponent == sent.kantz?.exponent && got.kantz?.pValue == sent.kantz?.pValue)
        #expect(got.spectrum.last == -.infinity)
    }

    @Test("no diagnostics stays nil, empty diagnostics stay empty, a missing Kantz result stays nil")
    func optionals() throws {
        #expect(try roundTrip(Fixtures.resultDiverged)?.diagnostics == nil)
        var empty = Fixtures.resultDiverged
        empty.diagnostics = TrainingDiagnostics()
        #expect(try roundTrip(empty)?.diagnostics == TrainingDiagnostics())
        var noKantz = Fixtures.resultWithDiagnostics
        noKantz.diagnostics!.kantz = nil
        #expect(try roundTrip(noKantz) == noKantz)
    }

    @Test("NaN or +∞ in a logarithmic series is inconsistent", arguments: [Double.nan, .infinity])
    func badLogarithms(_ value: Double) {
        #expect(failure { $0.benettin[1] = value }?.description.contains("diagnostics.benettin[1]") == true)
        #expect(failure { $0.spectrum[0] = value }?.description.contains("diagnostics.spectrum[0]") == true)
        #expect(failure { $0.kantz!.divergence[0] = value }?.description.contains("diagnostics.kantz.divergence[0]") == true)
    }

    @Test("negative or non-finite masses, norms, losses and lengths are inconsistent", arguments: [-1e-300, -.infinity, .nan])
    func badNonNegative(_ value: Double) {
        #expect(failure { $0.ghostMass[2] = value }?.reason == .inconsistent)
        #expect(failure { $0.gradientNorm[0] = value }?.reason == .inconsistent)
        #expect(failure { $0.runningMeanLoss[3] = value }?.reason == .inconsistent)
        #expect(failure { $0.weightPathLength[1] = value }?.reason == .inconsistent)
        #expect(failure { $0.autocorrelationBand[1] = value }?.reason == .inconsistent)
    }

    @Test("per-weight series of different lengths, or an ACF without its band, are inconsistent")
    func lengths() {
        #expect(failure { $0.weightImportance.removeLast() }?.description.contains("one per parameter") == true)
        #expect(failure { $0.weightDisplacement = [] }?.description.contains("one per parameter") == true)
        #expect(failure { $0.autocorrelationBand.removeLast() }?.description.contains("autocorrelationBand") == true)
    }

    @Test("a Kantz result needs S(k), a finite exponent and a p-value in (0, 1]")
    func kantz() {
        #expect(failure { $0.kantz!.divergence = [] }?.description.contains("kantz.divergence is empty") == true)
        #expect(failure { $0.kantz!.exponent = .nan }?.description.contains("kantz.exponent") == true)
        for p in [0, -0.5, 1.5, .nan] {
            #expect(failure { $0.kantz!.pValue = p }?.description.contains("kantz.pValue") == true)
        }
    }

    @Test("a diagnostics series longer than 10,000,000 points is inconsistent")
    func tooLong() throws {
        var diagnostics = TrainingDiagnostics()
        diagnostics.gradientNorm = [Double](repeating: 1, count: Validate.maxCurvePoints + 1)
        let error = try #require(#expect(throws: WireError.self) { try TrainingDiagnostics(validating: diagnostics.proto) })
        #expect(error.description.contains("gradientNorm has 10000001 points"))
    }
}
