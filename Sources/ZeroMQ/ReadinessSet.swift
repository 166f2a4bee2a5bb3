import CZeroMQ
import Foundation

/// Waits on many sockets at a cost that grows with the sockets that are ready, not with all of them
/// (Linux `epoll` over each socket's `ZMQ_FD`).
///
/// ``Poller`` (`zmq_poll`) looks at every registered socket on every call: right for a handful of sockets,
/// a measurable cost for a thousand. A readiness set is told by the kernel which sockets *may* have
/// something, and the contract is edge-triggered, as `ZMQ_FD` is: after ``wait(timeout:)`` names a socket,
/// the caller must receive from it until ``Socket/receive(dontWait:)`` returns nil, or the socket may never
/// be named again. A send can also consume a socket's notification, so a caller that sends outside such a
/// drain drains that socket afterwards too (``Socket/hasPendingInput`` tells cheaply).
/// Use it from one thread; it keeps its sockets alive.
public final class ReadinessSet {
    private let epoll: Int32
    private var sockets: [Socket] = []
    private var events: [epoll_event]

    /// Creates an empty set.
    /// - Throws: ``ZeroMQError`` with the `errno` of `epoll_create1`.
    public init() throws {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw ZeroMQError(code: errno, operation: "epoll_create1") }
        events = Array(repeating: epoll_event(), count: 256)
    }

    deinit {
        close(epoll)
    }

    /// Adds a socket.
    /// - Returns: Its index in the answers of ``wait(timeout:)`` (registration order).
    /// - Throws: ``ZeroMQError`` if the socket is closed or `epoll_ctl` fails.
    @discardableResult
    public func register(_ socket: Socket) throws -> Int {
        let descriptor = try socket.notificationDescriptor
        let index = sockets.count
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLET.rawValue
        event.data.u64 = UInt64(index)
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw ZeroMQError(code: errno, operation: "epoll_ctl ADD ZMQ_FD")
        }
        sockets.append(socket)
        return index
    }

    /// Waits until at least one socket's state may have changed, at most `timeout` milliseconds (−1: no limit).
    /// - Returns: The indices of the sockets to drain (possibly ones with nothing to read, never a socket that
    ///   has something and was not named since its last drain); empty on timeout or signal.
    /// - Throws: ``ZeroMQError`` with the `errno` of `epoll_wait` other than `EINTR`.
    public func wait(timeout: Int) throws -> [Int] {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), Int32(clamping: timeout))
        }
        if count < 0 {
            if errno == EINTR { return [] }
            throw ZeroMQError(code: errno, operation: "epoll_wait")
        }
        return (0..<Int(count)).map { Int(events[$0].data.u64) }
    }
}

extension Socket {
    /// The file descriptor libzmq signals when the socket's state changes (`ZMQ_FD`), edge-triggered.
    var notificationDescriptor: Int32 {
        get throws { Int32(try intOption(ZMQ_FD, name: "ZMQ_FD")) }
    }

    /// Whether a message can be received now (`ZMQ_EVENTS` has `ZMQ_POLLIN`); reading it also processes the
    /// socket's pending commands, which re-arms its ``ReadinessSet`` notification.
    public var hasPendingInput: Bool {
        ((try? intOption(ZMQ_EVENTS, name: "ZMQ_EVENTS")) ?? 0) & Int(ZMQ_POLLIN) != 0
    }
}
