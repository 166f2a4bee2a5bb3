import Analysis
import Dynamics
import Sweep
import SwiftProtobuf
import Testing
@testable import Wire

@Suite("Wire: fits in RESULT")
struct FitsCodingTests {
    /// Encodes a RESULT and decodes it again.
    private func roundTrip(_ report: ResultReport) throws -> ResultReport? {
        guard case .result(let decoded) = try WireCodec.decode(WireCodec.encode(.result(report))) else { return nil }
        return decoded
    }

    /// The frames of a RESULT whose protobuf payload was changed after conversion (to send what the Swift
    /// types cannot hold, such as an unknown verdict).
    private func frames(_ report: ResultReport, _ change: (inout PBResultReport) -> Void) throws -> [[UInt8]] {
        var proto = report.proto
        change(&proto)
        return [WireHeader(version: WireProtocol.version, type: WireMessageType.result.rawValue).bytes, try proto.serializedBytes()]
    }

    /// The decoding error of `frames`, which must be `inconsistent`.
    private func inconsistency(_ frames: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let error = #expect(throws: WireError.self, sourceLocation: sourceLocation) { try WireCodec.decode(frames) }
        #expect(error?.reason == .inconsistent, sourceLocation: sourceLocation)
        return error?.description
    }

    /// The RESULT of `Fixtures.resultGrowing` with the fixture sweep's fits.
    private let growing = ResultReport(
        taskID: 4, result: Fixtures.resultGrowing, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)

    /// A RESULT of `Fixtures.resultDiverged` with the fixture sweep's fits: curve 0 diverged; curve 1, changed
    /// to 0 from step 1 on (ln 0 = −∞ in every window of 3 steps), has no fit.
    private let diverged: ResultReport = {
        var result = Fixtures.resultDiverged
        result.ensemble.curves[1].meanDistance = [1e-6, 0, 0, 0]
        return ResultReport(taskID: 5, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)
    }()

    @Test("the fixtures cover every verdict, with and without a fit")
    func verdictsCovered() {
        #expect(growing.fits.map(\.verdict) == [.kept, .belowMinLambda, .poorFit])
        #expect(growing.fits.allSatisfy { $0.fit != nil })
        #expect(diverged.fits.map(\.verdict) == [.diverged, .noWindow])
        #expect(diverged.fits.map(\.divergedAt) == [2, nil])
    }

    @Test("decoded fits are bit for bit what refit with the run's [fit] table computes")
    func fitsMatchRefit() throws {
        for report in [growing, diverged] {
            let decoded = try #require(try roundTrip(report))
            let refit = ICFit.refits(of: [report.result], definition: Fixtures.definition, fit: Fixtures.definition.fit)
            #expect(decoded.fits == refit)
            #expect(decoded.fits.map(\.fit?.lambda.bitPattern) == refit.map(\.fit?.lambda.bitPattern))
            #expect(decoded.fits.map(\.fit?.intercept.bitPattern) == refit.map(\.fit?.intercept.bitPattern))
            #expect(decoded.fits.map(\.fit?.rSquared.bitPattern) == refit.map(\.fit?.rSquared.bitPattern))
            #expect(decoded.fits.map(\.epsilon.bitPattern) == refit.map(\.epsilon.bitPattern))
            #expect(decoded.fits.map(\.eta.bitPattern) == refit.map(\.eta.bitPattern))
        }
    }

    @Test("λ, intercept and R² survive bit for bit: −0.0, a subnormal, extremes")
    func awkwardDoubles() throws {
        let report = ResultReport(
            taskID: 6, result: Fixtures.resultWithMembers, fits: Fixtures.awkwardFits, computeSeconds: 1, trajectorySteps: 0)
        let decoded = try #require(try roundTrip(report))
        #expect(decoded == report)
        let sent = Fixtures.awkwardFits.compactMap(\.fit)
        let got = decoded.fits.compactMap(\.fit)
        #expect(got.count == 2)
        #expect(got.map(\.lambda.bitPattern) == sent.map(\.lambda.bitPattern))
        #expect(got.map(\.intercept.bitPattern) == sent.map(\.intercept.bitPattern))
        #expect(got.map(\.rSquared.bitPattern) == sent.map(\.rSquared.bitPattern))
        #expect(got[0].lambda.sign == .minus && got[0].lambda == 0)
        #expect(got[0].intercept.bitPattern == 1)
        #expect(got.map(\.window) == [FitWindow(start: 0, length: 9), FitWindow(start: 6, length: 3)])
    }

    @Test("a fit per curve, in curve order")
    func oneFitPerCurve() throws {
        let missing = try #require(inconsistency(try frames(growing) { $0.fits.removeLast() }))
        #expect(missing.contains("RESULT.fits has 2 fits but the result has 3 curves"))
        #expect(inconsistency(try frames(growing) { $0.fits.append($0.fits[0]) }) != nil)
        #expect(inconsistency(try frames(growing) { $0.fits = [] }) != nil)
        let swapped = try #require(inconsistency(try frames(growing) { $0.fits.swapAt(0, 1) }))
        #expect(swapped.contains("RESULT.fits[0].epsilonIndex is 1"))
        #expect(inconsistency(try frames(growing) { $0.fits[2].epsilonIndex = -2 }) != nil)
    }

    @Test("an unknown or unset verdict is inconsistent", arguments: [0, 7, 1000])
    func unknownVerdict(_ raw: Int) throws {
        let description = try #require(inconsistency(try frames(growing) {
            $0.fits[1].verdict = PBFitVerdict(rawValue: raw) ?? .unspecified
        }))
        #expect(description.contains("RESULT.fits[1].verdict is \(raw)"))
    }

    @Test("non-finite λ, intercept or R² is inconsistent", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(_ value: Double) throws {
        #expect(try inconsistency(frames(growing) { $0.fits[0].lambda = value })?.contains("lambda") == true)
        #expect(try inconsistency(frames(growing) { $0.fits[0].intercept = value })?.contains("intercept") == true)
        #expect(try inconsistency(frames(growing) { $0.fits[0].rSquared = value })?.contains("rSquared") == true)
    }

    @Test("a window must not be negative or reach past its curve")
    func windows() throws {
        #expect(try inconsistency(frames(growing) { $0.fits[0].windowStart = -1 })?.contains("windowStart is -1") == true)
        #expect(try inconsistency(frames(growing) { $0.fits[0].windowLength = -3 })?.contains("windowLength is -3") == true)
        // The curves have 401 points: steps 0…400.
        #expect(try inconsistency(frames(growing) { $0.fits[0].windowStart = 390; $0.fits[0].windowLength = 12 })?
            .contains("its curve has 401 points") == true)
        #expect(try inconsistency(frames(growing) { $0.fits[0].windowStart = Int64.max; $0.fits[0].windowLength = Int64.max }) != nil)
        let atEnd = try frames(growing) { $0.fits[0].windowStart = 398; $0.fits[0].windowLength = 3 }
        guard case .result(let report) = try WireCodec.decode(atEnd) else {
            Issue.record("not a RESULT")
            return
        }
        #expect(report.fits[0].fit?.window == FitWindow(start: 398, length: 3))
    }

    @Test("without λ, intercept, R² and window must be 0")
    func noFitHasNoNumbers() throws {
        // Curve 1 of `diverged` has no fit (no_window).
        #expect(try inconsistency(frames(diverged) { $0.fits[1].intercept = 1 })?.contains("without a fit they must be 0") == true)
        #expect(try inconsistency(frames(diverged) { $0.fits[1].rSquared = -0.0 }) != nil)
        #expect(try inconsistency(frames(diverged) { $0.fits[1].windowStart = 1 }) != nil)
        #expect(try inconsistency(frames(diverged) { $0.fits[1].windowLength = 3 }) != nil)
    }

    @Test("divergedAt must be the curve's")
    func divergedAt() throws {
        #expect(try inconsistency(frames(diverged) { $0.fits[0].divergedAt = 1 })?.contains("divergedAt is 1 but the curve's is 2") == true)
        #expect(try inconsistency(frames(diverged) { $0.fits[0].clearDivergedAt() }) != nil)
        #expect(try inconsistency(frames(diverged) { $0.fits[1].divergedAt = 4 }) != nil)
        #expect(try inconsistency(frames(diverged) { $0.fits[0].divergedAt = -1 }) != nil)
    }

    @Test("the verdict must agree with the curve and the fit")
    func verdictAgreement() throws {
        // A diverged curve: verdict diverged, no fit.
        #expect(try inconsistency(frames(diverged) { $0.fits[0].verdict = .noWindow })?.contains("the curve diverged") == true)
        #expect(try inconsistency(frames(diverged) { $0.fits[0].lambda = 0.5; $0.fits[0].windowLength = 1 })?
            .contains("a diverged curve is not fitted") == true)
        // An undiverged curve without a fit: no_window only.
        #expect(try inconsistency(frames(diverged) { $0.fits[1].verdict = .kept })?.contains("has no fit") == true)
        #expect(try inconsistency(frames(diverged) { $0.fits[1].verdict = .diverged }) != nil)
        // A fitted curve: kept, poor_fit or below_min_lambda, never diverged or no_window.
        #expect(try inconsistency(frames(growing) { $0.fits[0].verdict = .diverged })?.contains("has a fit") == true)
        #expect(try inconsistency(frames(growing) { $0.fits[0].verdict = .noWindow }) != nil)
        #expect(try inconsistency(frames(growing) { $0.fits[0].clearLambda() }) != nil)
    }
}
