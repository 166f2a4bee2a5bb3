/// `REJECT`, coordinator → worker: the worker is refused (e.g. another protocol version), or the
/// coordinator does not know it (restarted) and it must say HELLO again.
public struct Reject: Sendable, Equatable {
    /// Why, in words meant for the worker's log; at most 64 KiB.
    public var reason: String

    /// Creates a REJECT.
    public init(reason: String) {
        self.reason = reason
    }

    /// The REJECT a coordinator sends a peer it has no session for (it restarted, or declared the worker
    /// dead): not a refusal — the worker says HELLO again. Any other REJECT is final.
    public static let notRegistered = Reject(
        reason: "not registered with this coordinator (it may have restarted); say HELLO again")

    /// Whether this is ``notRegistered`` rather than a final refusal.
    public var asksForHello: Bool { self == Reject.notRegistered }
}

extension Reject {
    /// The protobuf payload.
    var proto: PBReject {
        var proto = PBReject()
        proto.reason = reason
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBReject) throws(WireError) {
        self.init(reason: try Validate.text(proto.reason, "REJECT.reason", maximumBytes: Validate.reasonBytes, required: false))
    }
}
