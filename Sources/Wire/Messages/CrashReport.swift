/// `CRASH_REPORT`, worker → coordinator: a worker process died while computing a task.
///
/// The worker's process supervisor notices the death and sends this through the respawned worker, so the
/// coordinator can record the crash against the task.
public struct CrashReport: Sendable, Equatable {
    /// The most UTF-8 bytes of ``reason``.
    public static let maxReasonBytes = 1024

    /// The task the dead process was computing (≥ 0).
    public var taskID: Int
    /// What happened, for the coordinator's log and status, e.g. "signal 11 (SIGSEGV) while computing the
    /// task"; non-empty, at most ``maxReasonBytes`` bytes.
    public var reason: String
    /// The worker id of the process that died (the report comes from its successor); at most
    /// ``maxReasonBytes`` bytes.
    public var crashedWorkerID: String

    /// Creates a CRASH_REPORT; see the properties for meanings.
    public init(taskID: Int, reason: String, crashedWorkerID: String) {
        self.taskID = taskID
        self.reason = reason
        self.crashedWorkerID = crashedWorkerID
    }
}

extension CrashReport {
    /// The protobuf payload.
    var proto: PBCrashReport {
        var proto = PBCrashReport()
        proto.taskID = Int64(taskID)
        proto.reason = reason
        proto.crashedWorkerID = crashedWorkerID
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBCrashReport) throws(WireError) {
        self.init(
            taskID: try Validate.int(proto.taskID, "CRASH_REPORT.taskID"),
            reason: try Validate.text(proto.reason, "CRASH_REPORT.reason", maximumBytes: CrashReport.maxReasonBytes, required: true),
            crashedWorkerID: try Validate.text(
                proto.crashedWorkerID, "CRASH_REPORT.crashedWorkerID", maximumBytes: CrashReport.maxReasonBytes, required: true))
    }
}
