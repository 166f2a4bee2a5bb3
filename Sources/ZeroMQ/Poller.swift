import CZeroMQ
import Foundation

/// Events a ``Poller`` waits for on a socket.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The raw `ZMQ_POLLIN` / `ZMQ_POLLOUT` bits.
    public let rawValue: Int16

    /// Creates events from `ZMQ_POLL*` bits.
    ///
    /// - Parameter rawValue: The bits.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// At least one whole message can be received without blocking (`ZMQ_POLLIN`).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without blocking (`ZMQ_POLLOUT`).
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// Waits until one of several sockets can be read or written (`zmq_poll`).
///
/// Register sockets once, then call ``poll(timeout:)`` repeatedly; it answers with the indices (in
/// registration order) of the sockets that are ready. Besides sockets it can wait on plain file descriptors
/// (``register(fileDescriptor:for:)``) and on a ``WakeupSignal`` another thread sends. The poller keeps its
/// sockets and signals alive; like them, use it from one thread at a time.
public final class Poller {
    /// What one registration waits on.
    private enum Target {
        case socket(Socket)
        case fileDescriptor(Int32)
        case signal(WakeupSignal)
    }

    /// The registered sockets, file descriptors and signals, and the events wanted from each.
    private var entries: [(target: Target, events: PollEvents)] = []
    /// The events found on each socket by the last poll.
    private var found: [PollEvents] = []

    /// Creates a poller with no sockets.
    public init() {}

    /// The number of registrations (sockets, file descriptors and signals).
    public var count: Int { entries.count }

    /// Adds a socket to wait on.
    ///
    /// Registering the same socket twice polls it twice, under two indices.
    /// - Parameters:
    ///   - socket: An open socket.
    ///   - events: What to wait for, e.g. `.readable` or `[.readable, .writable]`.
    /// - Returns: The socket's index in the results of ``poll(timeout:)``.
    @discardableResult
    public func register(_ socket: Socket, for events: PollEvents) -> Int {
        append(.socket(socket), events: events)
    }

    /// Adds a plain file descriptor (a pipe, a TCP socket not made by ZeroMQ) to wait on.
    ///
    /// The poller does not own the descriptor: keep it open while it is registered.
    /// - Parameters:
    ///   - fileDescriptor: An open file descriptor.
    ///   - events: What to wait for, e.g. `.readable`.
    /// - Returns: The descriptor's index in the results of ``poll(timeout:)``.
    @discardableResult
    public func register(fileDescriptor: Int32, for events: PollEvents) -> Int {
        append(.fileDescriptor(fileDescriptor), events: events)
    }

    /// Adds a ``WakeupSignal``: ``poll(timeout:)`` returns its index while a signal is pending.
    ///
    /// The poller keeps the signal alive. Call ``WakeupSignal/drain()`` after a poll that reported it.
    /// - Parameter signal: The signal other threads send.
    /// - Returns: The signal's index in the results of ``poll(timeout:)``.
    @discardableResult
    public func register(_ signal: WakeupSignal) -> Int {
        append(.signal(signal), events: .readable)
    }

    private func append(_ target: Target, events: PollEvents) -> Int {
        entries.append((target, events))
        found.append([])
        return entries.count - 1
    }

    /// Changes the events wanted from the socket at `index`.
    ///
    /// - Parameters:
    ///   - index: An index returned by ``register(_:for:)``.
    ///   - events: The new events; empty to ignore the socket for now.
    public func update(_ index: Int, events: PollEvents) {
        precondition(entries.indices.contains(index), "Poller.update: no socket at index \(index)")
        entries[index].events = events
    }

    /// The events the last ``poll(timeout:)`` found on the socket at `index` (empty before any poll).
    ///
    /// - Parameter index: An index returned by ``register(_:for:)``.
    /// - Returns: The events that were ready, among those registered.
    public func events(at index: Int) -> PollEvents {
        precondition(found.indices.contains(index), "Poller.events: no socket at index \(index)")
        return found[index]
    }

    /// Waits until at least one registered socket is ready or the timeout passes.
    ///
    /// - Parameter milliseconds: The longest wait; 0 only checks, -1 (any negative value) waits forever.
    /// - Returns: The indices of the ready sockets in ascending order; empty when the timeout passed or a
    ///   signal interrupted the wait (`EINTR`).
    /// - Throws: ``ZeroMQError`` with ``ZeroMQError/Code/notSocket`` if a registered socket was closed,
    ///   ``ZeroMQError/Code/terminated`` if their context was shut down, `EINVAL` when waiting forever
    ///   with no socket registered.
    public func poll(timeout milliseconds: Int) throws -> [Int] {
        for index in found.indices { found[index] = [] }
        if entries.isEmpty {
            guard milliseconds >= 0 else {
                throw ZeroMQError.invalidArgument("poll: no sockets registered and no timeout")
            }
            if milliseconds > 0 { Thread.sleep(forTimeInterval: Double(milliseconds) / 1000) }
            return []
        }
        var items = try entries.enumerated().map { index, entry in
            switch entry.target {
            case .socket(let socket):
                let handle = try socket.requireHandle("poll: socket \(index) (\(socket.type)) is closed")
                return zmq_pollitem_t(socket: handle, fd: 0, events: entry.events.rawValue, revents: 0)
            case .fileDescriptor(let descriptor):
                return zmq_pollitem_t(socket: nil, fd: descriptor, events: entry.events.rawValue, revents: 0)
            case .signal(let signal):
                return zmq_pollitem_t(socket: nil, fd: signal.fileDescriptor, events: entry.events.rawValue, revents: 0)
            }
        }
        let timeout = milliseconds < 0 ? -1 : milliseconds
        let result = items.withUnsafeMutableBufferPointer { buffer in
            zmq_poll(buffer.baseAddress, Int32(buffer.count), timeout)
        }
        if result < 0 {
            let code = zmq_errno()
            if code == EINTR { return [] }
            throw ZeroMQError(code: code, operation: "poll")
        }
        var ready: [Int] = []
        for (index, item) in items.enumerated() {
            let events = PollEvents(rawValue: item.revents).intersection(entries[index].events)
            found[index] = events
            if !events.isEmpty { ready.append(index) }
        }
        return ready
    }
}
