import Foundation

/// A ZAP request that ``ZAPHandler`` refused, as reported to its refusal callback.
public struct ZAPRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The peer's network address, e.g. `127.0.0.1`.
    public let address: String
    /// The ZAP domain of the server socket (``Socket/setZAPDomain(_:)``), often empty.
    public let domain: String
    /// The security mechanism the peer used: `CURVE`, `NULL` or `PLAIN`.
    public let mechanism: String
    /// The CURVE client's public key in Z85, nil for other mechanisms.
    public let clientPublicKey: String?
    /// Why the request was refused.
    public let reason: String

    /// The reason, mechanism, address and key, for logs.
    public var description: String {
        "\(reason) (\(mechanism) peer \(address)\(clientPublicKey.map { ", key \($0)" } ?? ""))"
    }
}

/// A ZAP authentication handler (ZeroMQ RFC 27) admitting CURVE clients by public key.
///
/// It binds a REP socket on ``endpoint`` in its context and answers requests on its own thread: 200 for
/// a CURVE client whose public key is in the allowed set, 400 for any other client (unknown key, or
/// another mechanism such as NULL on a socket with a ZAP domain), calling the refusal callback for each
/// refusal. libzmq only consults a handler that exists when a client connects, and admits every CURVE
/// client when there is none, so create it before any CURVE server socket of the context binds, and keep
/// it until they are closed. One handler per context.
public final class ZAPHandler: @unchecked Sendable {
    /// The endpoint libzmq sends ZAP requests to, in each context.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// The allowed keys and the stop flag, shared with the handler thread.
    private let state: State
    /// Signalled by the handler thread when it has closed its socket and ended.
    private let finished = DispatchSemaphore(value: 0)
    /// Guards `joined`.
    private let joinLock = NSLock()
    private var joined = false
    private var thread: Thread?

    /// Binds the handler's socket and starts its thread.
    ///
    /// - Parameters:
    ///   - context: The context of the CURVE server sockets to guard.
    ///   - allowedPublicKeys: The admitted clients' public keys, 40 Z85 characters each.
    ///   - onRefusal: Called on the handler's thread for every refused request, after the answer is sent;
    ///     it must not block for long, since handshakes wait for the handler.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) for a key that is not a Z85 key, `EADDRINUSE` if the context
    ///   already has a ZAP handler.
    public init(
        context: Context, allowedPublicKeys: some Sequence<String>,
        onRefusal: @escaping @Sendable (ZAPRefusal) -> Void = { _ in }
    ) throws {
        state = State(allowed: try Self.decodeKeys(allowedPublicKeys), onRefusal: onRefusal)
        let socket = try context.makeSocket(.rep)
        try socket.setLinger(milliseconds: 0)
        try socket.setReceiveTimeout(milliseconds: 50)
        try socket.bind(Self.endpoint)
        let state = state
        let finished = finished
        let thread = Thread {
            state.serve(socket)
            // Release the endpoint now: closing alone frees it only when libzmq's reaper gets to the socket.
            try? socket.unbind(Self.endpoint)
            socket.close()
            finished.signal()
        }
        thread.name = "zeromq.zap"
        self.thread = thread
        thread.start()
    }

    deinit {
        stop()
    }

    /// The admitted clients' public keys in Z85.
    public var allowedPublicKeys: Set<String> {
        Set(state.allowedKeys().compactMap { Z85.encode($0) })
    }

    /// Replaces the admitted keys; later handshakes use the new set, established connections stay.
    ///
    /// - Parameter keys: Public keys, 40 Z85 characters each.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) for a key that is not a Z85 key; the set is then unchanged.
    public func setAllowedPublicKeys(_ keys: some Sequence<String>) throws {
        state.setAllowed(try Self.decodeKeys(keys))
    }

    /// Adds one admitted public key.
    ///
    /// - Parameter publicKey: The key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if it is not a Z85 key.
    public func allow(publicKey: String) throws {
        let key = try Self.decodeKeys([publicKey])
        state.updateAllowed { $0.formUnion(key) }
    }

    /// Removes one admitted public key, if present.
    ///
    /// - Parameter publicKey: The key, 40 Z85 characters.
    public func revoke(publicKey: String) {
        guard let key = Z85.decode(publicKey) else { return }
        state.updateAllowed { $0.remove(key) }
    }

    /// The error that ended the handler's thread early (e.g. its context was shut down), if any.
    public var failure: ZeroMQError? { state.failure() }

    /// Stops answering, closes the handler's socket and waits for its thread to end; idempotent.
    ///
    /// Takes up to about 50 ms. Afterwards libzmq admits every CURVE client of the context again, so stop
    /// the handler only after closing the CURVE server sockets. Called from the refusal callback, it only
    /// asks the thread to stop.
    public func stop() {
        state.requestStop()
        guard let thread, Thread.current != thread else { return }
        joinLock.withLock {
            guard !joined else { return }
            finished.wait()
            joined = true
        }
    }

    /// Decodes Z85 keys, refusing anything but 40-character keys.
    private static func decodeKeys(_ keys: some Sequence<String>) throws -> Set<[UInt8]> {
        var decoded = Set<[UInt8]>()
        for key in keys {
            guard Z85.isCurveKey(key), let bytes = Z85.decode(key) else {
                throw ZeroMQError.invalidArgument("ZAP handler: \"\(key)\" is not a 40-character Z85 public key")
            }
            decoded.insert(bytes)
        }
        return decoded
    }
}

extension ZAPHandler {
    /// The state the handler thread shares with its owner, behind a lock.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var allowed: Set<[UInt8]>
        private var stopRequested = false
        private var error: ZeroMQError?
        private let onRefusal: @Sendable (ZAPRefusal) -> Void

        init(allowed: Set<[UInt8]>, onRefusal: @escaping @Sendable (ZAPRefusal) -> Void) {
            self.allowed = allowed
            self.onRefusal = onRefusal
        }

        func allowedKeys() -> Set<[UInt8]> { lock.withLock { allowed } }
        func setAllowed(_ keys: Set<[UInt8]>) { lock.withLock { allowed = keys } }
        func updateAllowed(_ body: (inout Set<[UInt8]>) -> Void) { lock.withLock { body(&allowed) } }
        func requestStop() { lock.withLock { stopRequested = true } }
        func failure() -> ZeroMQError? { lock.withLock { error } }
        private var shouldStop: Bool { lock.withLock { stopRequested } }

        /// Answers requests on `socket` until a stop is requested or the socket fails.
        func serve(_ socket: Socket) {
            do {
                while !shouldStop {
                    guard let request = try socket.receive() else { continue }
                    let (reply, refusal) = answer(request)
                    try socket.send(reply)
                    if let refusal { onRefusal(refusal) }
                }
            } catch let failure as ZeroMQError {
                lock.withLock { error = failure }
            } catch {
                lock.withLock { self.error = ZeroMQError(code: ZeroMQError.Code.invalidArgument, operation: "ZAP handler: \(error)") }
            }
        }

        /// The reply to one request (RFC 27), and the refusal to report if it is not a 200.
        func answer(_ request: [[UInt8]]) -> (reply: [[UInt8]], refusal: ZAPRefusal?) {
            func text(_ index: Int) -> String {
                request.indices.contains(index) ? String(decoding: request[index], as: UTF8.self) : ""
            }
            let requestID = request.count > 1 ? request[1] : []
            func reply(_ code: String, _ status: String, user: String = "") -> [[UInt8]] {
                [Array("1.0".utf8), requestID, Array(code.utf8), Array(status.utf8), Array(user.utf8), []]
            }
            let mechanism = text(5)
            let credentials = request.count > 6 ? Array(request[6...]) : []
            let key = mechanism == "CURVE" && credentials.count == 1 && credentials[0].count == 32 ? credentials[0] : nil
            let reason: String
            let code: String
            if request.count < 6 || text(0) != "1.0" {
                (code, reason) = ("500", "malformed ZAP request")
            } else if let key, allowedKeys().contains(key) {
                return (reply("200", "OK", user: Z85.encode(key) ?? ""), nil)
            } else if key != nil {
                (code, reason) = ("400", "CURVE client key not allowed")
            } else {
                (code, reason) = ("400", "mechanism \(mechanism) not allowed, only CURVE with a listed key")
            }
            let refusal = ZAPRefusal(
                address: text(3), domain: text(2), mechanism: mechanism,
                clientPublicKey: key.flatMap { Z85.encode($0) }, reason: reason)
            return (reply(code, reason), refusal)
        }
    }
}
