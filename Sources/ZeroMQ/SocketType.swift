import CZeroMQ

/// The kinds of ZeroMQ socket a ``Context`` can make (`zmq_socket`'s type argument).
public enum SocketType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// ROUTER: addresses each peer by its routing id, the first frame of every message.
    case router
    /// DEALER: round-robins outgoing messages over its peers and fair-queues incoming ones.
    case dealer
    /// PUB: sends every message to every matching subscriber.
    case pub
    /// SUB: receives the messages of publishers whose prefix it subscribed to.
    case sub
    /// REQ: strict send-then-receive request client.
    case req
    /// REP: strict receive-then-send reply server.
    case rep
    /// PAIR: exclusive connection to exactly one peer.
    case pair
    /// PUSH: hands messages to pullers round-robin.
    case push
    /// PULL: fair-queues messages from pushers.
    case pull

    /// The libzmq constant (`ZMQ_ROUTER`, ...).
    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        }
    }

    /// The type's name in capitals, as in the ZeroMQ documentation, e.g. `ROUTER`.
    public var description: String {
        switch self {
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .pub: "PUB"
        case .sub: "SUB"
        case .req: "REQ"
        case .rep: "REP"
        case .pair: "PAIR"
        case .push: "PUSH"
        case .pull: "PULL"
        }
    }
}
