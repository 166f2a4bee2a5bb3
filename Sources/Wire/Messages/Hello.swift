/// `HELLO`, worker → coordinator: the first message of a worker after it connects (or reconnects).
public struct Hello: Sendable, Equatable {
    /// The most task ids a HELLO may list in ``heldTaskIDs``; a worker holding more lists its lowest ids.
    public static let maxHeldTaskIDs = 4096

    /// The worker's stable identifier (its ZeroMQ routing id); non-empty, at most 1024 bytes.
    public var workerID: String
    /// The worker's host name.
    public var host: String
    /// The worker's process id (≥ 0).
    public var pid: Int
    /// How many computing processes the worker runs (≥ 1).
    public var processes: Int
    /// The lyapsweep version of the worker, for logs.
    public var softwareVersion: String
    /// The tasks the worker holds: those it is computing and those whose RESULT is not acknowledged yet
    /// (each ≥ 0, at most ``maxHeldTaskIDs``). A restarted coordinator re-admits these tasks' results
    /// when the worker resends them; empty for a fresh worker.
    public var heldTaskIDs: [Int]
    /// The kernel variant the worker's processes run (`avx512`, `avx2`, `portable`: the raw value of
    /// `Dynamics.KernelVariant`), at most 1024 bytes; empty when the worker does not say.
    public var kernelVariant: String

    /// Creates a HELLO; see the properties for meanings.
    public init(workerID: String, host: String, pid: Int, processes: Int, softwareVersion: String, heldTaskIDs: [Int] = [],
                kernelVariant: String = "") {
        self.workerID = workerID
        self.host = host
        self.pid = pid
        self.processes = processes
        self.softwareVersion = softwareVersion
        self.heldTaskIDs = heldTaskIDs
        self.kernelVariant = kernelVariant
    }
}

extension Hello {
    /// The protobuf payload.
    var proto: PBHello {
        var proto = PBHello()
        proto.workerID = workerID
        proto.host = host
        proto.pid = Int64(pid)
        proto.processes = Int64(processes)
        proto.softwareVersion = softwareVersion
        proto.heldTaskIds = heldTaskIDs.map { Int64($0) }
        proto.kernelVariant = kernelVariant
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBHello) throws(WireError) {
        self.init(
            workerID: try Validate.text(proto.workerID, "HELLO.workerID", maximumBytes: Validate.shortTextBytes, required: true),
            host: try Validate.text(proto.host, "HELLO.host", maximumBytes: Validate.shortTextBytes, required: false),
            pid: try Validate.int(proto.pid, "HELLO.pid"),
            processes: try Validate.int(proto.processes, "HELLO.processes", minimum: 1),
            softwareVersion: try Validate.text(
                proto.softwareVersion, "HELLO.softwareVersion", maximumBytes: Validate.shortTextBytes, required: false),
            heldTaskIDs: try Validate.ids(proto.heldTaskIds, "HELLO.heldTaskIDs", maximumCount: Hello.maxHeldTaskIDs),
            kernelVariant: try Validate.text(
                proto.kernelVariant, "HELLO.kernelVariant", maximumBytes: Validate.shortTextBytes, required: false))
    }
}
