import Dynamics
import Sweep
import Testing
@testable import Wire

@Suite("Wire round trips")
struct RoundTripTests {
    @Test("every message type decodes to what was encoded", arguments: Fixtures.everyMessage)
    func roundTrip(_ message: WireMessage) throws {
        let frames = WireCodec.encode(message)
        #expect(frames.count == 2)
        #expect(frames[0].count == WireProtocol.headerBytes)
        #expect(try WireCodec.decode(frames) == message)
    }

    @Test("every message type is covered by the fixtures")
    func coverage() {
        let covered = Set(Fixtures.everyMessage.map(\.type))
        #expect(covered == Set(WireMessageType.allCases))
    }

    @Test("the header is LYSW, big-endian version, type, zero flags")
    func headerLayout() {
        let frames = WireCodec.encode(.ack(Ack(taskID: 1)), version: 0x0102)
        #expect(frames[0] == [0x4C, 0x59, 0x53, 0x57, 0x01, 0x02, 7, 0])
        #expect(WireCodec.encode(.statusRequest)[0] == Array("LYSW".utf8) + [0, 3, 10, 0])
        #expect(WireCodec.encode(.crashReport(CrashReport(taskID: 1, reason: "r", crashedWorkerID: "w-1")))[0] == Array("LYSW".utf8) + [0, 3, 12, 0])
    }

    @Test("doubles survive bit-exactly, including −0.0 and subnormals")
    func bitExactDoubles() throws {
        let frames = WireCodec.encode(.result(ResultReport(
            taskID: 1, result: Fixtures.resultWithMembers, definition: Fixtures.definition, computeSeconds: -0.0, trajectorySteps: 0)))
        guard case .result(let report) = try WireCodec.decode(frames) else {
            Issue.record("not a RESULT")
            return
        }
        let sent = Fixtures.resultWithMembers
        #expect(report.computeSeconds.bitPattern == (-0.0 as Double).bitPattern)
        #expect(report.result.eta.bitPattern == sent.eta.bitPattern)
        #expect(report.result.ensemble.referenceLoss.map(\.bitPattern) == sent.ensemble.referenceLoss.map(\.bitPattern))
        for (got, want) in zip(report.result.ensemble.curves, sent.ensemble.curves) {
            #expect(got.epsilon.bitPattern == want.epsilon.bitPattern)
            #expect(got.meanDistance.map(\.bitPattern) == want.meanDistance.map(\.bitPattern))
            #expect(got.memberDistances?.map { $0.map(\.bitPattern) } == want.memberDistances?.map { $0.map(\.bitPattern) })
        }
        let mean = try #require(report.result.ensemble.curves.first?.meanDistance)
        #expect(mean[1].sign == .minus && mean[1] == 0)
        #expect(mean[2].bitPattern == 1)  // 5e-324, the smallest subnormal
    }

    @Test("nil and empty memberDistances stay distinct; divergedAt nil and set survive")
    func optionalsSurvive() throws {
        for result in [Fixtures.resultWithMembers, Fixtures.resultDiverged, Fixtures.resultReferenceDiverged] {
            let frames = WireCodec.encode(.result(ResultReport(taskID: 5, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 2)))
            guard case .result(let report) = try WireCodec.decode(frames) else {
                Issue.record("not a RESULT")
                continue
            }
            #expect(report.result == result)
            for (got, want) in zip(report.result.ensemble.curves, result.ensemble.curves) {
                #expect((got.memberDistances == nil) == (want.memberDistances == nil))
                #expect(got.memberDistances?.isEmpty == want.memberDistances?.isEmpty)
                #expect(got.divergedAt == want.divergedAt)
            }
            #expect(report.result.ensemble.referenceDivergedAt == result.ensemble.referenceDivergedAt)
        }
        #expect(Fixtures.resultWithMembers.ensemble.curves[1].memberDistances == [])
        #expect(Fixtures.resultDiverged.ensemble.curves[0].memberDistances == nil)
    }

    @Test("encode speaks the version it is given; decode accepts it when told to")
    func otherVersion() throws {
        let message = WireMessage.ready(Ready(credits: 2))
        let frames = WireCodec.encode(message, version: 7)
        #expect(try WireCodec.decode(frames, version: 7) == message)
    }

    @Test("type names and counter names are stable")
    func names() {
        #expect(WireMessage.statusRequest.typeName == "STATUS_REQUEST")
        #expect(WireMessage.hello(Hello(workerID: "w", host: "h", pid: 1, processes: 1, softwareVersion: "v")).typeName == "HELLO")
        #expect(WireError.Reason.versionMismatch(remote: 2, local: 1).counterName == "version_mismatch")
        #expect(WireError.Reason.malformedPayload.counterName == "malformed_payload")
        #expect(WireMessage.crashReport(CrashReport(taskID: 1, reason: "r", crashedWorkerID: "w-1")).typeName == "CRASH_REPORT")
        #expect(WireError.Reason.oversized(1).counterName == "oversized")
        #expect(WireError.Reason.oversizedResult(1).counterName == "oversized_result")
    }

    @Test("unknown fields from a newer peer are accepted")
    func unknownFieldsAccepted() throws {
        let frames = WireCodec.encode(.ack(Ack(taskID: 9)))
        // Field 15, varint 1, then field 16 as a length-delimited "xyz": both unknown to version 2.
        let extended = frames[1] + [0x78, 0x01, 0x82, 0x01, 0x03, 0x78, 0x79, 0x7A]
        #expect(try WireCodec.decode([frames[0], extended]) == .ack(Ack(taskID: 9)))
        #expect(try WireCodec.decode([WireCodec.encode(.statusRequest)[0], [0x08, 0x01]]) == .statusRequest)
    }

    @Test("a large result (100,000 points × 4 members) round-trips")
    func largeResult() throws {
        let points = 100_000
        let mean = (0..<points).map { Double($0) * 1e-7 }
        let result = TaskResult(
            task: SweepTask(icIndex: 1, etaIndex: 1), eta: 0.01,
            ensemble: EnsembleResult(
                referenceLoss: [Double](repeating: 0.5, count: points), referenceDivergedAt: nil,
                curves: [DivergenceCurve(
                    epsilon: 1e-9, meanDistance: mean, memberDistances: Array(repeating: mean, count: 4),
                    divergedMembers: 0, divergedAt: nil)]))
        let frames = WireCodec.encode(.result(ResultReport(taskID: 1, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)))
        // Six packed series (loss, mean, 4 members): 8 bytes a double plus a few bytes of framing and the fit.
        #expect(frames[1].count > 6 * points * 8)
        #expect(frames[1].count < 6 * points * 8 + 200)
        guard case .result(let report) = try WireCodec.decode(frames) else {
            Issue.record("not a RESULT")
            return
        }
        #expect(report.result == result)
    }
}
