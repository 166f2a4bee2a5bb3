/// `STATUS_REPLY`, coordinator → status client: the run's status.
public struct StatusReply: Sendable, Equatable {
    /// The status as a JSON document; the protocol does not look inside it.
    public var json: String

    /// Creates a STATUS_REPLY.
    public init(json: String) {
        self.json = json
    }
}

extension StatusReply {
    /// The protobuf payload.
    var proto: PBStatusReply {
        var proto = PBStatusReply()
        proto.json = json
        return proto
    }

    /// Converts a decoded payload (any UTF-8 text is accepted).
    init(validating proto: PBStatusReply) {
        self.init(json: proto.json)
    }
}
