import Sweep

/// `TASK`, coordinator → worker: compute one (IC, η) task of the sweep.
public struct TaskAssignment: Sendable, Equatable {
    /// The coordinator's id of the task (≥ 0); the RESULT and ACK carry it back.
    public var taskID: Int
    /// Which initial condition and learning rate (indices ≥ 0).
    public var task: SweepTask
    /// How long the worker holds the task without news before the coordinator may give it away, in ms (≥ 1).
    public var leaseMilliseconds: Int

    /// Creates a TASK; see the properties for meanings.
    public init(taskID: Int, task: SweepTask, leaseMilliseconds: Int) {
        self.taskID = taskID
        self.task = task
        self.leaseMilliseconds = leaseMilliseconds
    }
}

extension TaskAssignment {
    /// The protobuf payload.
    var proto: PBTaskAssignment {
        var proto = PBTaskAssignment()
        proto.taskID = Int64(taskID)
        proto.task = task.proto
        proto.leaseMilliseconds = Int64(leaseMilliseconds)
        return proto
    }

    /// Validates a decoded payload; the task must be present.
    init(validating proto: PBTaskAssignment) throws(WireError) {
        guard proto.hasTask else { throw Validate.inconsistent("TASK.task is missing") }
        self.init(
            taskID: try Validate.int(proto.taskID, "TASK.taskID"),
            task: try SweepTask(validating: proto.task, field: "TASK.task"),
            leaseMilliseconds: try Validate.int(proto.leaseMilliseconds, "TASK.leaseMilliseconds", minimum: 1))
    }
}
