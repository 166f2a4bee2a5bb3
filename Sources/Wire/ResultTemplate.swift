import Sweep

/// A RESULT encoded once and re-addressed to any task: the payload of a template result whose task, η and task
/// id are replaced, without encoding its curves again.
///
/// In protobuf, two encodings of a message type written one after the other decode as their merge. The
/// template's curves, diagnostics and fits are encoded once (the ``tail``); each task adds a few bytes with its
/// id, (IC, η index), η and credits in front. The load generator sends thousands of copies of one real result a
/// second, and re-encoding its curves each time would make it, not the coordinator, what is measured.
public struct ResultTemplate: Sendable {
    /// The encoded RESULT without task id, task, η and credits.
    let tail: [UInt8]

    /// The template: `report`'s result (its task and η are replaced for each task), fits, compute time and
    /// trajectory steps.
    public init(_ report: ResultReport) {
        var proto = report.proto
        proto.taskID = 0
        proto.credits = 0
        proto.result.clearTask()
        proto.result.eta = 0
        tail = WireCodec.serialize(proto)
    }

    /// The two frames of the template's RESULT for task `taskID`, (IC, η index) `task` with learning rate `eta`,
    /// asking for `credits` more tasks; they decode exactly as the encoding of the whole ``ResultReport`` would.
    public func frames(taskID: Int, task: SweepTask, eta: Double, credits: Int = 0) -> [[UInt8]] {
        var head = PBResultReport()
        head.taskID = Int64(taskID)
        head.credits = Int64(credits)
        head.result.task = task.proto
        head.result.eta = eta
        var payload = WireCodec.serialize(head)
        payload.append(contentsOf: tail)
        return [WireHeader(version: WireProtocol.version, type: WireMessageType.result.rawValue).bytes, payload]
    }
}
