import CZeroMQ
import Foundation

/// A ZeroMQ context: the I/O threads and the `inproc://` namespace its sockets share (`zmq_ctx_new`).
///
/// A context is thread-safe, as libzmq contexts are: any thread may make sockets from it. Every
/// ``Socket`` keeps its context alive, so the context is terminated (`zmq_ctx_term`) in `deinit` only
/// once it and all its sockets are released. ``terminate()`` does it earlier; it blocks until every
/// socket of the context is closed, and until their unsent messages are delivered or their linger
/// period (``Socket/setLinger(milliseconds:)``, infinite by default) has passed, so close all sockets
/// first and set a finite linger on sockets that may hold undeliverable messages.
public final class Context: @unchecked Sendable {
    /// Guards `handle`: set to nil once termination starts.
    private let lock = NSLock()
    /// The libzmq context; nil once ``terminate()`` has begun.
    private var handle: UnsafeMutableRawPointer?

    /// Creates a context with libzmq's defaults (one I/O thread).
    ///
    /// - Throws: ``ZeroMQError`` if libzmq cannot create a context (e.g. too many open files).
    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZeroMQError.last("create context") }
        self.handle = handle
    }

    deinit {
        terminate()
    }

    /// Makes a socket of `type` in this context.
    ///
    /// The socket keeps this context alive until it is released.
    /// - Parameter type: The socket's pattern role, e.g. ``SocketType/router``.
    /// - Returns: An open, unbound socket.
    /// - Throws: ``ZeroMQError`` with ``ZeroMQError/Code/terminated`` after ``terminate()`` or
    ///   ``shutdown()``, or `EMFILE` when the context's socket limit is reached.
    public func makeSocket(_ type: SocketType) throws -> Socket {
        let operation = "create \(type) socket"
        let socketHandle: UnsafeMutableRawPointer = try lock.withLock {
            guard let handle else { throw ZeroMQError(code: ZeroMQError.Code.terminated, operation: operation) }
            guard let socketHandle = zmq_socket(handle, type.rawValue) else { throw ZeroMQError.last(operation) }
            return socketHandle
        }
        return Socket(context: self, type: type, handle: socketHandle)
    }

    /// Makes blocking calls on this context's sockets in other threads fail with `ETERM` (`zmq_ctx_shutdown`).
    ///
    /// Use it to wake threads blocked in ``Socket/receive(dontWait:)`` or ``Poller/poll(timeout:)`` before
    /// closing their sockets. Later socket operations fail with ``ZeroMQError/Code/terminated``, and so does
    /// ``makeSocket(_:)``. Does nothing after ``terminate()``.
    public func shutdown() {
        lock.withLock {
            if let handle { _ = zmq_ctx_shutdown(handle) }
        }
    }

    /// Terminates the context now (`zmq_ctx_term`); idempotent, and done by `deinit` otherwise.
    ///
    /// Blocks until every socket of this context is closed (``Socket/close()``) and their linger has passed:
    /// calling it on a thread that still holds an open socket of this context never returns. After it,
    /// ``makeSocket(_:)`` throws.
    public func terminate() {
        let handle: UnsafeMutableRawPointer? = lock.withLock {
            let current = self.handle
            self.handle = nil
            return current
        }
        guard let handle else { return }
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
