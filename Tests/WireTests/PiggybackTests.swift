import Sweep
import Testing
@testable import Wire

/// Version 3's piggybacked messages: a RESULT's credits (its READY) and a TASK's acknowledged ids (its ACKs).
@Suite("Wire: credits on RESULT, ACKs on TASK")
struct PiggybackTests {
    static let report = ResultReport(
        taskID: 5, result: Fixtures.resultWithMembers, definition: Fixtures.definition, computeSeconds: 1.5, trajectorySteps: 42)

    @Test("credits appended to the frames of a RESULT encoded without them decode as if encoded with them", arguments: [1, 127, 128, 1000])
    func creditsAppended(credits: Int) throws {
        let plain = WireCodec.encode(.result(Self.report))
        var expected = Self.report
        expected.credits = credits
        let appended = WireCodec.result(plain, withCredits: credits)
        #expect(appended == WireCodec.encode(.result(expected)))
        #expect(try WireCodec.decode(appended) == .result(expected))
        #expect(WireCodec.result(plain, withCredits: 0) == plain)
    }

    @Test("a RESULT asking for more credits than a READY may is refused")
    func tooManyCredits() {
        let frames = WireCodec.result(WireCodec.encode(.result(Self.report)), withCredits: Ready.maximumCredits + 1)
        #expect(throws: WireError.self) { try WireCodec.decode(frames) }
    }

    @Test("a TASK carries at most the allowed number of ACKs, each a valid task id, within TASK's size limit")
    func acknowledgementsBounded() throws {
        let task = SweepTask(icIndex: 1, etaIndex: 0)
        let largest = TaskAssignment(
            taskID: Int(Int64.max), task: SweepTask(icIndex: Int(Int64.max), etaIndex: Int(Int64.max)), leaseMilliseconds: Int(Int64.max),
            acknowledgedTaskIDs: Array(repeating: Int(Int64.max), count: TaskAssignment.maxAcknowledgedTaskIDs))
        let frames = WireCodec.encode(.task(largest))
        #expect(frames[1].count <= WireMessageType.task.maxPayloadBytes)
        #expect(try WireCodec.decode(frames) == .task(largest))
        var proto = TaskAssignment(taskID: 1, task: task, leaseMilliseconds: 1).proto
        proto.acknowledgedTaskIds = Array(repeating: 1, count: TaskAssignment.maxAcknowledgedTaskIDs + 1)
        let tooMany = [WireHeader(version: WireProtocol.version, type: WireMessageType.task.rawValue).bytes, try proto.serializedBytes()]
        #expect(throws: WireError.self) { try WireCodec.decode(tooMany) }
        proto.acknowledgedTaskIds = [-1]
        let negative = [WireHeader(version: WireProtocol.version, type: WireMessageType.task.rawValue).bytes, try proto.serializedBytes()]
        #expect(throws: WireError.self) { try WireCodec.decode(negative) }
    }
}

@Suite("Wire: a RESULT template re-addressed per task")
struct ResultTemplateTests {
    @Test("the template's frames for a task decode exactly as the whole RESULT of that task would", arguments: [0, 1, 9_999, Int(Int64.max)])
    func reAddressed(taskID: Int) throws {
        let template = ResultTemplate(PiggybackTests.report)
        var result = PiggybackTests.report.result
        result.task = SweepTask(icIndex: 7, etaIndex: 3)
        result.eta = 0.125
        // The fits carry their task's indices and η on decoding, so they are those of the re-addressed result.
        let expected = ResultReport(
            taskID: taskID, result: result, definition: Fixtures.definition, computeSeconds: 1.5, trajectorySteps: 42, credits: 2)
        let frames = template.frames(taskID: taskID, task: SweepTask(icIndex: 7, etaIndex: 3), eta: 0.125, credits: 2)
        #expect(try WireCodec.decode(frames) == .result(expected))
    }
}
