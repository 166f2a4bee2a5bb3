import CZeroMQ

/// The error every failing libzmq call of this module throws.
///
/// It carries the `errno` value libzmq reported, libzmq's own text for it (`zmq_strerror`) and the
/// operation that failed, including its argument where there is one, e.g. `bind tcp://127.0.0.1:5555`.
/// Compare ``code`` with the constants of ``Code`` to react to a particular failure.
public struct ZeroMQError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The `errno` value libzmq reported, e.g. `EHOSTUNREACH`; see ``Code``.
    public let code: Int32
    /// libzmq's description of ``code`` (`zmq_strerror`).
    public let message: String
    /// The operation that failed and its argument, e.g. `bind tcp://127.0.0.1:5555` or `receive`.
    public let operation: String

    /// Creates an error for `code`, looking up its text with `zmq_strerror`.
    ///
    /// - Parameters:
    ///   - code: An `errno` value as libzmq reports it.
    ///   - operation: What was being attempted, with its argument.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        if let text = zmq_strerror(code) {
            message = String(cString: text)
        } else {
            message = "error \(code)"
        }
    }

    /// The operation, libzmq's message and the errno value, e.g. `bind tcp://x:1: Invalid argument (errno 22)`.
    public var description: String {
        "\(operation): \(message) (errno \(code))"
    }

    /// The error libzmq just reported on this thread (`zmq_errno`) for `operation`.
    static func last(_ operation: String) -> ZeroMQError {
        ZeroMQError(code: zmq_errno(), operation: operation)
    }

    /// An error for an argument this wrapper refused before calling libzmq.
    static func invalidArgument(_ operation: String) -> ZeroMQError {
        ZeroMQError(code: Code.invalidArgument, operation: operation)
    }

    /// The `errno` values callers most often need to tell apart, to compare with ``ZeroMQError/code``.
    public enum Code {
        /// `EAGAIN`: the operation would block (non-blocking mode or a timeout).
        public static let again: Int32 = EAGAIN
        /// `EINTR`: a signal interrupted a blocking call.
        public static let interrupted: Int32 = EINTR
        /// `EINVAL`: an invalid argument, endpoint or option value.
        public static let invalidArgument: Int32 = EINVAL
        /// `EHOSTUNREACH`: a ROUTER with ``Socket/setRouterMandatory(_:)`` has no peer with that routing id.
        public static let hostUnreachable: Int32 = EHOSTUNREACH
        /// `EADDRINUSE`: the endpoint is already bound.
        public static let addressInUse: Int32 = EADDRINUSE
        /// `EPROTONOSUPPORT`: the endpoint's transport is unknown or not compiled in.
        public static let protocolNotSupported: Int32 = EPROTONOSUPPORT
        /// `ENOTSOCK`: the socket is closed.
        public static let notSocket: Int32 = ENOTSOCK
        /// `ETERM`: the socket's context was terminated or shut down.
        public static let terminated: Int32 = ETERM
        /// `EFSM`: the operation is not valid in the socket's current state (e.g. REQ sending twice).
        public static let wrongState: Int32 = EFSM
    }
}
