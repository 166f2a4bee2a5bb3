import Dynamics
import Sweep
import Testing
@testable import Wire

@Suite("Wire rejections")
struct RejectionTests {
    /// Decodes frames that must fail and returns the error.
    private func failure(_ frames: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) -> WireError? {
        #expect(throws: WireError.self, sourceLocation: sourceLocation) { try WireCodec.decode(frames) }
    }

    /// The frames of a RESULT carrying `result`.
    private func resultFrames(_ result: TaskResult, taskID: Int = 1) -> [[UInt8]] {
        WireCodec.encode(.result(ResultReport(taskID: taskID, result: result, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)))
    }

    /// `Fixtures.resultDiverged` with its first curve changed.
    private func withFirstCurve(_ change: (inout DivergenceCurve) -> Void) -> TaskResult {
        var result = Fixtures.resultDiverged
        change(&result.ensemble.curves[0])
        return result
    }

    private let ack = WireCodec.encode(.ack(Ack(taskID: 3)))

    @Test("not exactly two frames")
    func wrongFrameCount() {
        #expect(failure([])?.reason == .wrongFrameCount)
        #expect(failure([ack[0]])?.reason == .wrongFrameCount)
        #expect(failure(ack + [[1, 2, 3]])?.reason == .wrongFrameCount)
        #expect(failure([Array("peer".utf8)] + ack)?.reason == .wrongFrameCount)
    }

    @Test("header of the wrong length")
    func headerLength() {
        #expect(failure([[], ack[1]])?.reason == .truncated)
        #expect(failure([Array(ack[0].prefix(7)), ack[1]])?.reason == .truncated)
        #expect(failure([ack[0] + [0], ack[1]])?.reason == .truncated)
    }

    @Test("wrong magic")
    func badMagic() throws {
        var header = ack[0]
        header[0] = UInt8(ascii: "X")
        let error = try #require(failure([header, ack[1]]))
        #expect(error.reason == .badMagic)
        #expect(error.description.contains("XYSW"))
    }

    @Test("another version is refused naming both versions")
    func versionMismatch() throws {
        let frames = WireCodec.encode(.hello(Hello(workerID: "w", host: "h", pid: 1, processes: 1, softwareVersion: "v")), version: 1)
        let error = try #require(failure(frames))
        let current = WireProtocol.version
        #expect(error.reason == .versionMismatch(remote: 1, local: current))
        #expect(error.description.contains("version 1"))
        #expect(error.description.contains("version \(current)"))
        let newer = try #require(#expect(throws: WireError.self) { try WireCodec.decode(ack, version: current + 1) })
        #expect(newer.reason == .versionMismatch(remote: current, local: current + 1))
    }

    @Test("unknown message type", arguments: [0, 13, 200, 255] as [UInt8])
    func unknownType(_ type: UInt8) throws {
        var header = ack[0]
        header[6] = type
        let error = try #require(failure([header, ack[1]]))
        #expect(error.reason == .unknownType(type))
        #expect(error.description.contains("\(type)"))
    }

    @Test("non-zero flags")
    func flags() {
        var header = ack[0]
        header[7] = 0x80
        #expect(failure([header, ack[1]])?.reason == .unsupportedFlags(0x80))
    }

    @Test("a RESULT of more than 1,000,000 curves, member series and fits is refused before decoding")
    func tooManyElements() throws {
        let header = WireHeader(version: WireProtocol.version, type: WireMessageType.result.rawValue).bytes
        func lengthDelimited(_ field: UInt8, _ body: [UInt8]) -> [UInt8] {
            var length: [UInt8] = []
            var value = body.count
            repeat {
                length.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
                value >>= 7
            } while value > 0
            return [field << 3 | 2] + length + body
        }
        // ResultReport.result → TaskResult.ensemble → 1,000,001 empty curves (2 bytes each).
        let curves = [[UInt8]](repeating: [0x1A, 0x00], count: ResultPayloadScan.maxElements + 1).flatMap { $0 }
        let error = try #require(failure([header, lengthDelimited(2, lengthDelimited(3, curves))]))
        #expect(error.reason == .inconsistent)
        #expect(error.description.contains("refused before decoding"))
        // One curve with 1,000,001 empty member series.
        let members = [[UInt8]](repeating: [0x0A, 0x00], count: ResultPayloadScan.maxElements + 1).flatMap { $0 }
        let curve = lengthDelimited(3, lengthDelimited(3, members))
        #expect(failure([header, lengthDelimited(2, lengthDelimited(3, curve))])?.reason == .inconsistent)
        // 1,000,001 empty fits (ResultReport.fits, 2 bytes each), and curves and fits that add up to one too many.
        let fits = [[UInt8]](repeating: [0x2A, 0x00], count: ResultPayloadScan.maxElements + 1).flatMap { $0 }
        #expect(failure([header, fits])?.reason == .inconsistent)
        let half = [[UInt8]](repeating: [0x1A, 0x00], count: ResultPayloadScan.maxElements / 2).flatMap { $0 }
        let halfFits = [[UInt8]](repeating: [0x2A, 0x00], count: ResultPayloadScan.maxElements / 2 + 1).flatMap { $0 }
        #expect(failure([header, lengthDelimited(2, lengthDelimited(3, half)) + halfFits])?.reason == .inconsistent)
        // Exactly at the limit the scan passes and ordinary validation takes over (ε = 0 is inconsistent).
        let atLimit = [[UInt8]](repeating: [0x1A, 0x00], count: 10).flatMap { $0 }
        #expect(failure([header, lengthDelimited(2, lengthDelimited(3, atLimit))])?.description.contains("RESULT.result.task is missing") == true)
        // Groups never occur in this protocol; the scan refuses them.
        #expect(failure([header, [0x13, 0x14]])?.reason == .malformedPayload)
    }

    @Test("truncated payloads of a valid RESULT are malformed")
    func truncatedPayload() throws {
        let frames = resultFrames(Fixtures.resultWithMembers)
        for cut in [1, 3, 7, frames[1].count / 2, frames[1].count - 1] {
            let error = try #require(failure([frames[0], Array(frames[1].prefix(cut))]))
            #expect(error.reason == .malformedPayload, "cut at \(cut)")
        }
        // A cut on a field boundary is valid protobuf (taskID only); the missing result makes it inconsistent.
        let error = try #require(failure([frames[0], Array(frames[1].prefix(2))]))
        #expect(error.reason == .inconsistent)
        #expect(error.description.contains("RESULT.result is missing"))
    }

    @Test("garbage payloads are malformed")
    func garbagePayload() {
        let header = WireCodec.encode(.welcome(Welcome(
            runID: "r", sweepName: "s", sweepText: "t", sweepHash: "h",
            heartbeatIntervalMilliseconds: 1, livenessMilliseconds: 1)))[0]
        #expect(failure([header, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]])?.reason == .malformedPayload)
        #expect(failure([header, [0x0F]])?.reason == .malformedPayload)  // wire type 7 does not exist
        #expect(failure([header, [0x0A, 0x02, 0xC3, 0x28]])?.reason == .malformedPayload)  // runID with invalid UTF-8
        #expect(failure([header, [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]])?.reason == .malformedPayload)  // 4 GiB length
    }

    @Test("missing or empty required content is inconsistent")
    func missingContent() {
        // An empty payload is a valid protobuf message with every field at its default.
        let empty: [UInt8] = []
        for type in [WireMessageType.hello, .welcome, .ready, .task, .result, .crashReport] {
            let header = WireHeader(version: WireProtocol.version, type: type.rawValue).bytes
            #expect(failure([header, empty])?.reason == .inconsistent, "\(type.name)")
        }
        for type in [WireMessageType.reject, .ack, .heartbeat, .shutdown, .statusRequest, .statusReply] {
            let header = WireHeader(version: WireProtocol.version, type: type.rawValue).bytes
            #expect(throws: Never.self, "\(type.name)") { try WireCodec.decode([header, empty]) }
        }
    }

    @Test("negative ids, indices and counts are inconsistent")
    func negatives() throws {
        let task = SweepTask(icIndex: 0, etaIndex: 0)
        let bad: [WireMessage] = [
            .ack(Ack(taskID: -1)),
            .task(TaskAssignment(taskID: -1, task: task, leaseMilliseconds: 10)),
            .task(TaskAssignment(taskID: 1, task: SweepTask(icIndex: -1, etaIndex: 0), leaseMilliseconds: 10)),
            .task(TaskAssignment(taskID: 1, task: SweepTask(icIndex: 0, etaIndex: -3), leaseMilliseconds: 10)),
            .task(TaskAssignment(taskID: 1, task: task, leaseMilliseconds: 0)),
            .heartbeat(Heartbeat(currentTaskIDs: [1, -2], stepsDone: 0)),
            .heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: -1)),
            .hello(Hello(workerID: "w", host: "h", pid: -1, processes: 1, softwareVersion: "v")),
            .hello(Hello(workerID: "w", host: "h", pid: 1, processes: 1, softwareVersion: "v", heldTaskIDs: [4, -1])),
            .crashReport(CrashReport(taskID: -1, reason: "signal 9", crashedWorkerID: "w-1")),
            .hello(Hello(workerID: "w", host: "h", pid: 1, processes: 0, softwareVersion: "v")),
            .hello(Hello(workerID: "", host: "h", pid: 1, processes: 1, softwareVersion: "v")),
            .hello(Hello(workerID: String(repeating: "w", count: 2000), host: "h", pid: 1, processes: 1, softwareVersion: "v")),
            .welcome(Welcome(runID: "r", sweepName: "s", sweepText: "t", sweepHash: "h", heartbeatIntervalMilliseconds: 0, livenessMilliseconds: 1)),
            .welcome(Welcome(runID: "", sweepName: "s", sweepText: "t", sweepHash: "h", heartbeatIntervalMilliseconds: 1, livenessMilliseconds: 1)),
            .result(ResultReport(taskID: -1, result: Fixtures.resultDiverged, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0)),
            .result(ResultReport(taskID: 1, result: Fixtures.resultDiverged, definition: Fixtures.definition, computeSeconds: -1, trajectorySteps: 0)),
            .result(ResultReport(taskID: 1, result: Fixtures.resultDiverged, definition: Fixtures.definition, computeSeconds: .nan, trajectorySteps: 0)),
            .result(ResultReport(taskID: 1, result: Fixtures.resultDiverged, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: -5)),
        ]
        for message in bad {
            let error = try #require(failure(WireCodec.encode(message)), "\(message)")
            #expect(error.reason == .inconsistent, "\(message)")
        }
        let negativeTask = try #require(failure(WireCodec.encode(.ack(Ack(taskID: -1)))))
        #expect(negativeTask.description.contains("ACK.taskID is -1"))
    }

    @Test("credits outside 1…1000 are inconsistent", arguments: [0, -1, 1001, Int(Int32.max)])
    func credits(_ credits: Int) {
        #expect(failure(WireCodec.encode(.ready(Ready(credits: credits))))?.reason == .inconsistent)
    }

    @Test("member curves of another length than the mean are inconsistent")
    func memberLengths() throws {
        var result = Fixtures.resultWithMembers
        result.ensemble.curves[0].memberDistances![1].removeLast()
        let error = try #require(failure(resultFrames(result)))
        #expect(error.reason == .inconsistent)
        #expect(error.description.contains("memberDistances[1]"))
    }

    @Test("NaN or infinity in a curve is inconsistent", arguments: [Double.nan, .infinity, -.infinity, -1e-300])
    func nonFiniteDistance(_ value: Double) throws {
        let mean = withFirstCurve { $0.meanDistance[1] = value }
        #expect(failure(resultFrames(mean))?.reason == .inconsistent)
        var member = Fixtures.resultWithMembers
        member.ensemble.curves[0].memberDistances![2][4] = value
        #expect(failure(resultFrames(member))?.reason == .inconsistent)
        var loss = Fixtures.resultWithMembers
        loss.ensemble.referenceLoss[0] = value.isFinite ? .nan : value
        #expect(failure(resultFrames(loss))?.reason == .inconsistent)
    }

    @Test("divergedAt must equal the length of the truncated curve")
    func divergedAtLength() {
        #expect(failure(resultFrames(withFirstCurve { $0.divergedAt = 3 }))?.reason == .inconsistent)
        #expect(failure(resultFrames(withFirstCurve { $0.divergedAt = -1; $0.meanDistance = [] }))?.reason == .inconsistent)
        var reference = Fixtures.resultReferenceDiverged
        reference.ensemble.referenceDivergedAt = 1
        #expect(failure(resultFrames(reference))?.reason == .inconsistent)
    }

    @Test("curves must agree with the reference trajectory")
    func curvesAgainstReference() {
        // An undiverged curve shorter than the reference.
        var short = Fixtures.resultDiverged
        short.ensemble.curves[1].meanDistance.removeLast()
        #expect(failure(resultFrames(short))?.reason == .inconsistent)
        // A curve that did not diverge although the reference did.
        var survived = Fixtures.resultReferenceDiverged
        survived.ensemble.curves[0].divergedAt = nil
        #expect(failure(resultFrames(survived))?.reason == .inconsistent)
        // Diverged members without divergedAt, and more diverged members than members.
        #expect(failure(resultFrames(withFirstCurve { $0.divergedAt = nil; $0.meanDistance = [1, 2, 3, 4] }))?.reason == .inconsistent)
        #expect(failure(resultFrames(withFirstCurve { $0.memberDistances = [[1, 1]] }))?.reason == .inconsistent)
    }

    @Test("non-positive ε or η is inconsistent", arguments: [0, -0.0, -1e-9, .nan, .infinity] as [Double])
    func nonPositiveParameters(_ value: Double) {
        #expect(failure(resultFrames(withFirstCurve { $0.epsilon = value }))?.reason == .inconsistent)
        var result = Fixtures.resultDiverged
        result.eta = value
        #expect(failure(resultFrames(result))?.reason == .inconsistent)
    }

    @Test("a curve longer than 10,000,000 points is inconsistent")
    func curveTooLong() throws {
        // On the wire the 64 MiB payload limit refuses such a curve first (see `oversized`); the point limit
        // is checked on the decoded value too, so test it below the codec.
        let points = Validate.maxCurvePoints + 1
        let curve = DivergenceCurve(
            epsilon: 1, meanDistance: [Double](repeating: 0, count: points), memberDistances: nil,
            divergedMembers: 0, divergedAt: points)
        let error = try #require(#expect(throws: WireError.self) { try DivergenceCurve(validating: curve.proto, name: "curve", mayBeTangent: false) })
        #expect(error.reason == .inconsistent)
        #expect(error.description.contains("10000001 points"))
    }
}
