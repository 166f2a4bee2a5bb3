/// `WELCOME`, coordinator → worker: the worker is registered; here are the run, the sweep and the timing rules.
public struct Welcome: Sendable, Equatable {
    /// The run's identifier; non-empty, at most 1024 bytes.
    public var runID: String
    /// The sweep's name, for logs.
    public var sweepName: String
    /// The full text of the sweep file, from which the worker builds its tasks.
    public var sweepText: String
    /// The hash of `sweepText`, so a worker can tell whether it already holds this sweep; non-empty.
    public var sweepHash: String
    /// How often each side sends HEARTBEAT, in milliseconds (≥ 1).
    public var heartbeatIntervalMilliseconds: Int
    /// After this many milliseconds of silence a peer is considered gone (≥ 1).
    public var livenessMilliseconds: Int
    /// The CSV text of the sweep's dataset when it is a user file (nil for a bundled dataset), so that a
    /// worker never resolves the sweep's relative dataset path against its own folder.
    public var datasetCSV: String?

    /// Creates a WELCOME; see the properties for meanings.
    public init(
        runID: String, sweepName: String, sweepText: String, sweepHash: String,
        heartbeatIntervalMilliseconds: Int, livenessMilliseconds: Int, datasetCSV: String? = nil
    ) {
        self.runID = runID
        self.sweepName = sweepName
        self.sweepText = sweepText
        self.sweepHash = sweepHash
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.livenessMilliseconds = livenessMilliseconds
        self.datasetCSV = datasetCSV
    }
}

extension Welcome {
    /// The protobuf payload.
    var proto: PBWelcome {
        var proto = PBWelcome()
        proto.runID = runID
        proto.sweepName = sweepName
        proto.sweepText = sweepText
        proto.sweepHash = sweepHash
        proto.heartbeatIntervalMilliseconds = Int64(heartbeatIntervalMilliseconds)
        proto.livenessMilliseconds = Int64(livenessMilliseconds)
        proto.datasetCsv = datasetCSV ?? ""
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBWelcome) throws(WireError) {
        let short = Validate.shortTextBytes
        self.init(
            runID: try Validate.text(proto.runID, "WELCOME.runID", maximumBytes: short, required: true),
            sweepName: try Validate.text(proto.sweepName, "WELCOME.sweepName", maximumBytes: short, required: false),
            sweepText: proto.sweepText,
            sweepHash: try Validate.text(proto.sweepHash, "WELCOME.sweepHash", maximumBytes: short, required: true),
            heartbeatIntervalMilliseconds: try Validate.int(
                proto.heartbeatIntervalMilliseconds, "WELCOME.heartbeatIntervalMilliseconds", minimum: 1),
            livenessMilliseconds: try Validate.int(proto.livenessMilliseconds, "WELCOME.livenessMilliseconds", minimum: 1),
            datasetCSV: proto.datasetCsv.isEmpty ? nil : proto.datasetCsv)
    }
}
