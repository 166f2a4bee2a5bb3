import Analysis
import Dynamics
import Foundation
import Sweep
import SwiftProtobuf
import Testing
@testable import Wire

@Suite("Wire: the tangent curve, resolutions and unresolved fits")
struct TangentCodingTests {
    /// A result of T = 400 with a kept ε curve, an unresolved ε curve and the tangent curve (ε = 0) last.
    static let result: TaskResult = {
        let steps = 0...400
        let growing = steps.map { exp(0.1 * Double($0)) }
        return TaskResult(
            task: SweepTask(icIndex: 1, etaIndex: 0), eta: 1,
            ensemble: EnsembleResult(
                referenceLoss: steps.map { 1 / (1 + Double($0)) }, referenceDivergedAt: nil,
                curves: [
                    DivergenceCurve(epsilon: 1e-8, meanDistance: growing.map { 1e-8 * $0 }, memberDistances: nil,
                                    divergedMembers: 0, divergedAt: nil, resolution: 4.5e7),
                    DivergenceCurve(epsilon: 1e-14, meanDistance: growing.map { 1e-14 * $0 }, memberDistances: nil,
                                    divergedMembers: 0, divergedAt: nil, resolution: 2.75),
                    DivergenceCurve(epsilon: 0, meanDistance: growing, memberDistances: nil, divergedMembers: 0, divergedAt: nil),
                ]))
    }()

    func report() -> ResultReport {
        ResultReport(taskID: 0, result: Self.result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 1)
    }

    @Test("the tangent curve, the resolutions and the unresolved verdict survive the wire")
    func roundTrip() throws {
        let report = report()
        #expect(report.fits.map(\.verdict) == [.kept, .unresolved, .kept])
        guard case .result(let decoded) = try WireCodec.decode(WireCodec.encode(.result(report))) else {
            Issue.record("not a RESULT")
            return
        }
        #expect(decoded == report)
        #expect(decoded.result.ensemble.curves.map(\.resolution) == [4.5e7, 2.75, nil])
    }

    @Test("ε = 0 only for the last curve; a negative resolution and a verdict that contradicts it are refused")
    func rejections() throws {
        let report = report()
        func frames(_ change: (inout PBResultReport) -> Void) throws -> [[UInt8]] {
            var proto = report.proto
            change(&proto)
            return [WireHeader(version: WireProtocol.version, type: WireMessageType.result.rawValue).bytes, try proto.serializedBytes()]
        }
        func reason(_ frames: [[UInt8]]) -> String? {
            let error = #expect(throws: WireError.self) { try WireCodec.decode(frames) }
            #expect(error?.reason == .inconsistent)
            return error?.description
        }
        #expect(reason(try frames { $0.result.ensemble.curves[0].epsilon = 0 })?.contains("curves[0].epsilon") == true)
        #expect(reason(try frames { $0.result.ensemble.curves[1].resolution = -1 })?.contains("curves[1].resolution") == true)
        #expect(reason(try frames { $0.fits[1].verdict = .poorFit })?.contains("below the resolution; allowed: unresolved") == true)
        #expect(reason(try frames { $0.fits[0].verdict = .unresolved })?.contains("kept") == true)
    }
}
