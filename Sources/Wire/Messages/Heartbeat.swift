/// `HEARTBEAT`, both ways: "I am alive", with a worker's progress on its running tasks.
public struct Heartbeat: Sendable, Equatable {
    /// The tasks the sender is working on (each ≥ 0, at most ``Hello/maxHeldTaskIDs``); empty from the coordinator.
    public var currentTaskIDs: [Int]
    /// Trajectory steps done so far within the running tasks (≥ 0), for progress display.
    public var stepsDone: Int

    /// Creates a HEARTBEAT.
    public init(currentTaskIDs: [Int], stepsDone: Int) {
        self.currentTaskIDs = currentTaskIDs
        self.stepsDone = stepsDone
    }
}

extension Heartbeat {
    /// The protobuf payload.
    var proto: PBHeartbeat {
        var proto = PBHeartbeat()
        proto.currentTaskIds = currentTaskIDs.map { Int64($0) }
        proto.stepsDone = Int64(stepsDone)
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBHeartbeat) throws(WireError) {
        self.init(
            currentTaskIDs: try Validate.ids(proto.currentTaskIds, "HEARTBEAT.currentTaskIDs", maximumCount: Hello.maxHeldTaskIDs),
            stepsDone: try Validate.int(proto.stepsDone, "HEARTBEAT.stepsDone"))
    }
}
