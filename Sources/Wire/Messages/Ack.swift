/// `ACK`, coordinator → worker: the result of a task is stored durably; the worker may drop its copy.
public struct Ack: Sendable, Equatable {
    /// The acknowledged task (≥ 0).
    public var taskID: Int

    /// Creates an ACK.
    public init(taskID: Int) {
        self.taskID = taskID
    }
}

extension Ack {
    /// The protobuf payload.
    var proto: PBAck {
        var proto = PBAck()
        proto.taskID = Int64(taskID)
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBAck) throws(WireError) {
        self.init(taskID: try Validate.int(proto.taskID, "ACK.taskID"))
    }
}
