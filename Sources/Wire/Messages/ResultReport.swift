import Sweep

/// `RESULT`, worker → coordinator: the result of one task, with how long it took.
///
/// Decoding checks the result for internal consistency (see ``WireCodec/decode(_:version:)``); whether it
/// matches the sweep (number of ε, curve length T + 1) is the coordinator's business.
public struct ResultReport: Sendable, Equatable {
    /// The task id of the TASK this answers (≥ 0).
    public var taskID: Int
    /// The computed divergence curves and reference loss.
    public var result: TaskResult
    /// Wall-clock seconds the worker spent on the task (finite, ≥ 0).
    public var computeSeconds: Double
    /// Trajectory steps computed for the task (≥ 0; 0 when the worker does not count them).
    public var trajectorySteps: Int

    /// Creates a RESULT; see the properties for meanings.
    public init(taskID: Int, result: TaskResult, computeSeconds: Double, trajectorySteps: Int) {
        self.taskID = taskID
        self.result = result
        self.computeSeconds = computeSeconds
        self.trajectorySteps = trajectorySteps
    }
}

extension ResultReport {
    /// The protobuf payload.
    var proto: PBResultReport {
        var proto = PBResultReport()
        proto.taskID = Int64(taskID)
        proto.result = result.proto
        proto.computeSeconds = computeSeconds
        proto.trajectorySteps = Int64(trajectorySteps)
        return proto
    }

    /// Validates a decoded payload; the result must be present and consistent.
    init(validating proto: PBResultReport) throws(WireError) {
        let taskID = try Validate.int(proto.taskID, "RESULT.taskID")
        guard proto.hasResult else { throw Validate.inconsistent("RESULT.result is missing") }
        self.init(
            taskID: taskID,
            result: try TaskResult(validating: proto.result),
            computeSeconds: try Validate.nonNegative(proto.computeSeconds, "RESULT.computeSeconds"),
            trajectorySteps: try Validate.int(proto.trajectorySteps, "RESULT.trajectorySteps"))
    }
}
