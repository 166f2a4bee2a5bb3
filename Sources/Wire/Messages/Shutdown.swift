/// `SHUTDOWN`, coordinator → worker: stop working and exit.
public struct Shutdown: Sendable, Equatable {
    /// Why, for the worker's log (e.g. "sweep complete"); at most 64 KiB.
    public var reason: String

    /// Creates a SHUTDOWN.
    public init(reason: String) {
        self.reason = reason
    }
}

extension Shutdown {
    /// The protobuf payload.
    var proto: PBShutdown {
        var proto = PBShutdown()
        proto.reason = reason
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBShutdown) throws(WireError) {
        self.init(reason: try Validate.text(proto.reason, "SHUTDOWN.reason", maximumBytes: Validate.reasonBytes, required: false))
    }
}
