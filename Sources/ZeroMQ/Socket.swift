import CZeroMQ
import Foundation

/// A ZeroMQ socket, made by ``Context/makeSocket(_:)``.
///
/// **Use a socket from one thread at a time**, the ZeroMQ rule: it is `Sendable` so that it can be handed
/// to another thread, not so that two threads can use it at once. Messages are whole multipart messages,
/// `[[UInt8]]` with one element per frame, sent and received atomically. A socket keeps its ``Context``
/// alive; it is closed by ``close()`` or when released. Files of `ipc://` endpoints it bound are removed
/// when it closes or unbinds them.
public final class Socket: @unchecked Sendable {
    /// The context this socket belongs to, kept alive so it cannot be terminated under an open socket.
    public let context: Context
    /// The socket's type.
    public let type: SocketType
    /// The libzmq socket; nil once closed.
    private(set) var handle: UnsafeMutableRawPointer?
    /// Socket files of the `ipc://` endpoints this socket bound, by the endpoint libzmq reports.
    private var ipcFiles: [String: IPCFile] = [:]

    /// A socket file to remove, and whether libzmq made its directory (for `ipc://*`).
    private struct IPCFile {
        var path: String
        var removeDirectory: Bool
    }

    init(context: Context, type: SocketType, handle: UnsafeMutableRawPointer) {
        self.context = context
        self.type = type
        self.handle = handle
    }

    deinit {
        close()
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle == nil }

    /// The open socket's handle, or an `ENOTSOCK` error naming `operation`.
    func requireHandle(_ operation: @autoclosure () -> String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZeroMQError(code: ZeroMQError.Code.notSocket, operation: operation()) }
        return handle
    }

    /// Closes the socket (`zmq_close`); idempotent, and done by `deinit` otherwise.
    ///
    /// Unsent messages are still delivered in the background for the linger period
    /// (``setLinger(milliseconds:)``). The files of `ipc://` endpoints this socket bound are removed.
    /// Every later operation on the socket throws ``ZeroMQError/Code/notSocket``.
    public func close() {
        guard let handle else { return }
        self.handle = nil
        _ = zmq_close(handle)
        for file in ipcFiles.values { Self.remove(file) }
        ipcFiles = [:]
    }

    // MARK: Endpoints

    /// Binds the socket to a local endpoint (`zmq_bind`).
    ///
    /// `tcp://127.0.0.1:*` binds an ephemeral port and `ipc://*` a fresh socket file; read
    /// ``lastEndpoint`` afterwards to learn which.
    /// - Parameter endpoint: e.g. `tcp://0.0.0.0:5555`, `ipc:///tmp/sweep.ipc` or `inproc://name`.
    /// - Throws: ``ZeroMQError`` naming the endpoint, e.g. `EADDRINUSE`, `EINVAL`, `EPROTONOSUPPORT`.
    public func bind(_ endpoint: String) throws {
        let operation = "bind \(endpoint)"
        let handle = try requireHandle(operation)
        guard zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError.last(operation) }
        if endpoint.hasPrefix("ipc://"), let bound = try? lastEndpoint, let path = Self.ipcPath(of: bound) {
            ipcFiles[bound] = IPCFile(path: path, removeDirectory: endpoint == "ipc://*")
        }
    }

    /// Stops listening on an endpoint bound by ``bind(_:)`` (`zmq_unbind`), removing its `ipc://` file.
    ///
    /// - Parameter endpoint: The endpoint as bound, or as ``lastEndpoint`` reported it for wildcards.
    /// - Throws: ``ZeroMQError`` naming the endpoint, `ENOENT` if it was not bound.
    public func unbind(_ endpoint: String) throws {
        let operation = "unbind \(endpoint)"
        let handle = try requireHandle(operation)
        guard zmq_unbind(handle, endpoint) == 0 else { throw ZeroMQError.last(operation) }
        if let file = ipcFiles.removeValue(forKey: endpoint) { Self.remove(file) }
    }

    /// Connects the socket to a remote endpoint (`zmq_connect`).
    ///
    /// The connection is made, and remade after failures, in the background: connecting succeeds even
    /// if nothing listens yet.
    /// - Parameter endpoint: e.g. `tcp://host:5555` or `ipc:///tmp/sweep.ipc`.
    /// - Throws: ``ZeroMQError`` naming the endpoint if it is malformed or its transport unsupported.
    public func connect(_ endpoint: String) throws {
        let operation = "connect \(endpoint)"
        let handle = try requireHandle(operation)
        guard zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError.last(operation) }
    }

    /// Drops a connection made by ``connect(_:)`` (`zmq_disconnect`).
    ///
    /// - Parameter endpoint: The endpoint exactly as connected.
    /// - Throws: ``ZeroMQError`` naming the endpoint, `ENOENT` if it was not connected.
    public func disconnect(_ endpoint: String) throws {
        let operation = "disconnect \(endpoint)"
        let handle = try requireHandle(operation)
        guard zmq_disconnect(handle, endpoint) == 0 else { throw ZeroMQError.last(operation) }
    }

    // MARK: Messages

    /// Sends one multipart message, all frames or none (`zmq_send` with `ZMQ_SNDMORE`).
    ///
    /// Frames may be empty (e.g. the delimiter of REQ/REP envelopes). On a ROUTER the first frame is the
    /// peer's routing id.
    /// - Parameters:
    ///   - frames: The message's frames, at least one.
    ///   - dontWait: Fail with `false` instead of blocking when the message cannot be queued now.
    /// - Returns: true once queued; false only when it could not be queued (`EAGAIN`): with `dontWait`,
    ///   or when the send timeout (``setSendTimeout(milliseconds:)``) expired.
    /// - Throws: ``ZeroMQError``, e.g. ``ZeroMQError/Code/hostUnreachable`` for an unknown peer on a ROUTER
    ///   with ``setRouterMandatory(_:)``, `EINVAL` for no frames, ``ZeroMQError/Code/interrupted`` when a
    ///   signal interrupted a blocking send, ``ZeroMQError/Code/terminated`` after the context shut down.
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws -> Bool {
        let handle = try requireHandle("send")
        guard !frames.isEmpty else { throw ZeroMQError.invalidArgument("send of a message with no frames") }
        let baseFlags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        for (index, frame) in frames.enumerated() {
            let last = index == frames.count - 1
            let flags = last ? baseFlags : baseFlags | ZMQ_SNDMORE
            let sent = frame.withUnsafeBytes { bytes in
                zmq_send(handle, bytes.baseAddress, bytes.count, flags)
            }
            if sent < 0 {
                let code = zmq_errno()
                if code == EAGAIN && index == 0 { return false }
                throw ZeroMQError(code: code, operation: index == 0 ? "send" : "send frame \(index + 1) of \(frames.count)")
            }
        }
        return true
    }

    /// Sends a message of one frame, like the multipart `send(_:dontWait:)`.
    ///
    /// - Parameters:
    ///   - frame: The single frame.
    ///   - dontWait: Fail with `false` instead of blocking.
    /// - Returns: false only when the message could not be queued (`EAGAIN`).
    /// - Throws: ``ZeroMQError`` as the multipart send does.
    @discardableResult
    public func send(_ frame: [UInt8], dontWait: Bool = false) throws -> Bool {
        try send([frame], dontWait: dontWait)
    }

    /// Receives one whole multipart message (`zmq_msg_recv` until no more frames follow).
    ///
    /// - Parameter dontWait: Return nil at once instead of blocking when no message is waiting.
    /// - Returns: The message's frames (empty frames included), or nil when none arrived: with `dontWait`,
    ///   when the receive timeout (``setReceiveTimeout(milliseconds:)``) expired, or when a signal
    ///   interrupted the wait.
    /// - Throws: ``ZeroMQError``, e.g. ``ZeroMQError/Code/terminated`` after the context shut down,
    ///   ``ZeroMQError/Code/wrongState`` on a REQ that has not sent.
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        let handle = try requireHandle("receive")
        let flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
        let message = Message()
        var frames: [[UInt8]] = []
        while true {
            if zmq_msg_recv(message.pointer, handle, flags) < 0 {
                let code = zmq_errno()
                if frames.isEmpty && (code == EAGAIN || code == EINTR) { return nil }
                throw ZeroMQError(code: code, operation: frames.isEmpty ? "receive" : "receive frame \(frames.count + 1)")
            }
            frames.append(message.bytes)
            if zmq_msg_more(message.pointer) == 0 { return frames }
        }
    }

    // MARK: Helpers

    /// The file system path of an `ipc://` endpoint, nil for abstract (`@name`) or other endpoints.
    static func ipcPath(of endpoint: String) -> String? {
        guard endpoint.hasPrefix("ipc://") else { return nil }
        let path = String(endpoint.dropFirst("ipc://".count))
        guard !path.isEmpty, !path.hasPrefix("@"), path != "*" else { return nil }
        return path
    }

    /// Removes an ipc socket file (and the directory libzmq made for `ipc://*`), ignoring failures.
    private static func remove(_ file: IPCFile) {
        _ = unlink(file.path)
        if file.removeDirectory {
            _ = rmdir((file.path as NSString).deletingLastPathComponent)
        }
    }
}

/// A `zmq_msg_t` in pointer-aligned heap memory, as libzmq requires, closed on release.
private final class Message {
    let pointer: UnsafeMutablePointer<zmq_msg_t>

    init() {
        let alignment = max(MemoryLayout<zmq_msg_t>.alignment, MemoryLayout<UnsafeRawPointer>.alignment)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<zmq_msg_t>.size, alignment: alignment)
            .bindMemory(to: zmq_msg_t.self, capacity: 1)
        zmq_msg_init(pointer)
    }

    deinit {
        zmq_msg_close(pointer)
        pointer.deallocate()
    }

    /// A copy of the message's content.
    var bytes: [UInt8] {
        let size = zmq_msg_size(pointer)
        guard size > 0, let data = zmq_msg_data(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }
}
