/// `READY`, worker → coordinator: the worker can take `credits` more tasks (credit-based flow control).
public struct Ready: Sendable, Equatable {
    /// The smallest number of credits a READY may grant.
    public static let minimumCredits = 1
    /// The largest number of credits a READY may grant.
    public static let maximumCredits = 1000

    /// How many more tasks the worker can take, in ``minimumCredits``…``maximumCredits``.
    public var credits: Int

    /// Creates a READY.
    public init(credits: Int) {
        self.credits = credits
    }
}

extension Ready {
    /// The protobuf payload.
    var proto: PBReady {
        var proto = PBReady()
        proto.credits = Int64(credits)
        return proto
    }

    /// Validates a decoded payload.
    init(validating proto: PBReady) throws(WireError) {
        self.init(credits: try Validate.int(
            proto.credits, "READY.credits", minimum: Ready.minimumCredits, maximum: Ready.maximumCredits))
    }
}
