import Sweep

/// `TASK`, coordinator → worker: compute one (IC, η) task of the sweep.
public struct TaskAssignment: Sendable, Equatable {
    /// The coordinator's id of the task (≥ 0); the RESULT and ACK carry it back.
    public var taskID: Int
    /// Which initial condition and learning rate (indices ≥ 0).
    public var task: SweepTask
    /// How long the worker holds the task without news before the coordinator may give it away, in ms (≥ 1).
    public var leaseMilliseconds: Int
    /// Tasks whose results are stored durably: the ACKs the coordinator owes this worker, carried by the TASK
    /// instead of sent apart (each ≥ 0, at most ``maxAcknowledgedTaskIDs``). The worker reads them first.
    public var acknowledgedTaskIDs: [Int]

    /// The most ACKs one TASK carries (the rest go as ACK messages); keeps TASK within its 256-byte limit.
    public static let maxAcknowledgedTaskIDs = 16

    /// Creates a TASK; see the properties for meanings.
    public init(taskID: Int, task: SweepTask, leaseMilliseconds: Int, acknowledgedTaskIDs: [Int] = []) {
        self.taskID = taskID
        self.task = task
        self.leaseMilliseconds = leaseMilliseconds
        self.acknowledgedTaskIDs = acknowledgedTaskIDs
    }
}

extension TaskAssignment {
    /// The protobuf payload.
    var proto: PBTaskAssignment {
        var proto = PBTaskAssignment()
        proto.taskID = Int64(taskID)
        proto.task = task.proto
        proto.leaseMilliseconds = Int64(leaseMilliseconds)
        proto.acknowledgedTaskIds = acknowledgedTaskIDs.map(Int64.init)
        return proto
    }

    /// Validates a decoded payload; the task must be present, the acknowledged ids at most
    /// ``maxAcknowledgedTaskIDs`` and each ≥ 0.
    init(validating proto: PBTaskAssignment) throws(WireError) {
        guard proto.hasTask else { throw Validate.inconsistent("TASK.task is missing") }
        let acknowledged = try Validate.ids(
            proto.acknowledgedTaskIds, "TASK.acknowledgedTaskIDs", maximumCount: Self.maxAcknowledgedTaskIDs)
        self.init(
            taskID: try Validate.int(proto.taskID, "TASK.taskID"),
            task: try SweepTask(validating: proto.task, field: "TASK.task"),
            leaseMilliseconds: try Validate.int(proto.leaseMilliseconds, "TASK.leaseMilliseconds", minimum: 1),
            acknowledgedTaskIDs: acknowledged)
    }
}
