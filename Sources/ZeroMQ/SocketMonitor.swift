import CZeroMQ
import Foundation
import Synchronization

/// Socket events a ``SocketMonitor`` can report (`ZMQ_EVENT_*`).
public struct SocketEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int32

    /// Creates a set from `ZMQ_EVENT_*` bits.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// A peer connection was accepted on a bound endpoint.
    public static let accepted = SocketEvents(rawValue: ZMQ_EVENT_ACCEPTED)
    /// A peer connection closed.
    public static let disconnected = SocketEvents(rawValue: ZMQ_EVENT_DISCONNECTED)
    /// The ZMTP handshake (security included) of a connection completed.
    public static let handshakeSucceeded = SocketEvents(rawValue: ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
    /// A handshake failed for a reason libzmq does not detail (e.g. the peer went away).
    public static let handshakeFailedNoDetail = SocketEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    /// A handshake failed on a protocol error, e.g. a plaintext peer meeting a CURVE socket.
    public static let handshakeFailedProtocol = SocketEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
    /// A handshake failed because authentication (ZAP) refused the peer.
    public static let handshakeFailedAuthentication = SocketEvents(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
    /// Every handshake failure.
    public static let handshakeFailures: SocketEvents = [
        .handshakeFailedNoDetail, .handshakeFailedProtocol, .handshakeFailedAuthentication,
    ]
}

/// One event of a monitored socket.
public struct SocketEvent: Sendable, Hashable, CustomStringConvertible {
    /// Which event (a single bit of ``SocketEvents``).
    public let kind: SocketEvents
    /// The event's value: a `ZMQ_PROTOCOL_ERROR_*` code for protocol failures, a status code for
    /// authentication failures, an errno or a file descriptor for others.
    public let value: UInt32
    /// The endpoint of the connection as libzmq names it (for accepted connections, the bound endpoint).
    public let endpoint: String

    /// A sentence for logs: what happened and, for protocol failures, the likely cause.
    public var description: String {
        switch kind {
        case .handshakeFailedProtocol:
            return "handshake failed on \(endpoint): \(Self.protocolError(value))"
        case .handshakeFailedAuthentication:
            return "handshake failed on \(endpoint): authentication refused (status \(value))"
        case .handshakeFailedNoDetail:
            return "handshake failed on \(endpoint) (errno \(value))"
        case .handshakeSucceeded:
            return "handshake succeeded on \(endpoint)"
        case .accepted:
            return "connection accepted on \(endpoint)"
        case .disconnected:
            return "peer disconnected from \(endpoint)"
        default:
            return "event 0x\(String(kind.rawValue, radix: 16)) (value \(value)) on \(endpoint)"
        }
    }

    /// Names a `ZMQ_PROTOCOL_ERROR_*` code.
    static func protocolError(_ code: UInt32) -> String {
        switch Int32(bitPattern: code) {
        case ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH:
            return "security mechanism mismatch (e.g. a plaintext peer and a CURVE socket)"
        case ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC:
            return "cryptographic error (wrong server key?)"
        case ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE:
            return "key exchange failed"
        case ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND, ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE:
            return "unexpected handshake command"
        default:
            return "ZMTP protocol error 0x\(String(code, radix: 16))"
        }
    }
}

/// Reports events of a socket on a thread of its own (`zmq_socket_monitor`).
///
/// Start it while the monitored socket is still in the hands of the thread that made it (before handing
/// the socket to another thread), and ``stop()`` it before closing that socket's context.
public final class SocketMonitor: @unchecked Sendable {
    private static let serial = Mutex(0)
    /// Set by ``stop()``; read by the monitor's thread between receives.
    private final class StopFlag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopFlag = StopFlag()
    private let finished = DispatchSemaphore(value: 0)
    private let joinLock = NSLock()
    private var joined = false
    private var thread: Thread?

    /// Starts monitoring `socket` for `events`.
    ///
    /// - Parameters:
    ///   - socket: The socket to watch.
    ///   - events: Which events to report.
    ///   - onEvent: Called on the monitor's thread for every event; it must not block for long.
    /// - Throws: ``ZeroMQError`` if the socket is closed or libzmq refuses the monitor.
    public init(
        socket: Socket, events: SocketEvents, onEvent: @escaping @Sendable (SocketEvent) -> Void
    ) throws {
        let number = Self.serial.withLock { value -> Int in
            value += 1
            return value
        }
        let endpoint = "inproc://lyapsweep.monitor.\(ObjectIdentifier(socket).hashValue).\(number)"
        let handle = try socket.requireHandle("monitor")
        guard zmq_socket_monitor(handle, endpoint, events.rawValue) == 0 else {
            throw ZeroMQError.last("monitor \(endpoint)")
        }
        let pair = try socket.context.makeSocket(.pair)
        try pair.setLinger(milliseconds: 0)
        try pair.setReceiveTimeout(milliseconds: 50)
        try pair.connect(endpoint)
        let stopFlag = stopFlag
        let finished = finished
        let thread = Thread {
            while !stopFlag.raised.load(ordering: .acquiring) {
                // nil is the 50 ms receive timeout (look at the stop flag again); a failure ends monitoring.
                let message: [[UInt8]]?
                do { message = try pair.receive() } catch { break }
                if let message, let event = Self.decode(message) { onEvent(event) }
            }
            pair.close()
            finished.signal()
        }
        thread.name = "zeromq.monitor"
        self.thread = thread
        thread.start()
    }

    deinit {
        stop()
    }

    /// Stops reporting and waits (up to about 50 ms) for the monitor's thread to end; idempotent.
    public func stop() {
        stopFlag.raised.store(true, ordering: .releasing)
        guard let thread, Thread.current != thread else { return }
        joinLock.withLock {
            guard !joined else { return }
            finished.wait()
            joined = true
        }
    }

    /// Decodes a version-1 monitor message: a 6-byte frame (UInt16 event, UInt32 value, host byte order)
    /// and the endpoint.
    static func decode(_ message: [[UInt8]]) -> SocketEvent? {
        guard message.count == 2, message[0].count == 6 else { return nil }
        let (event, value) = message[0].withUnsafeBytes {
            ($0.loadUnaligned(as: UInt16.self), $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        }
        return SocketEvent(
            kind: SocketEvents(rawValue: Int32(event)), value: value,
            endpoint: String(decoding: message[1], as: UTF8.self))
    }
}

