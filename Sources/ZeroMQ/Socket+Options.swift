import CZeroMQ

/// Socket options (`zmq_setsockopt` / `zmq_getsockopt`). Durations are in milliseconds.
///
/// Most options affect only later ``bind(_:)`` and ``connect(_:)`` calls, so set them first.
/// Setters throw ``ZeroMQError`` naming the option, with `EINVAL` for values libzmq (or this wrapper,
/// for values that do not fit a C `int`) refuses.
extension Socket {
    // MARK: Lifetime and flow control

    /// Sets how long unsent messages are kept after ``close()`` (`ZMQ_LINGER`).
    ///
    /// - Parameter milliseconds: 0 discards them at once, -1 (libzmq's default) waits forever, which
    ///   also makes ``Context/terminate()`` wait forever for an unreachable peer.
    /// - Throws: ``ZeroMQError`` if the value is refused.
    public func setLinger(milliseconds: Int) throws {
        try setIntOption(ZMQ_LINGER, milliseconds, name: "ZMQ_LINGER")
    }

    /// How long unsent messages are kept after ``close()``, in milliseconds (`ZMQ_LINGER`; -1 = forever).
    public var linger: Int { get throws { try intOption(ZMQ_LINGER, name: "ZMQ_LINGER") } }

    /// Sets the high-water mark of outgoing messages queued per peer (`ZMQ_SNDHWM`, default 1000, 0 = none).
    ///
    /// - Parameter messages: The queue limit.
    /// - Throws: ``ZeroMQError`` if the value is refused.
    public func setSendHighWaterMark(_ messages: Int) throws {
        try setIntOption(ZMQ_SNDHWM, messages, name: "ZMQ_SNDHWM")
    }

    /// The high-water mark of outgoing messages per peer (`ZMQ_SNDHWM`).
    public var sendHighWaterMark: Int { get throws { try intOption(ZMQ_SNDHWM, name: "ZMQ_SNDHWM") } }

    /// Sets the high-water mark of incoming messages queued per peer (`ZMQ_RCVHWM`, default 1000, 0 = none).
    ///
    /// - Parameter messages: The queue limit.
    /// - Throws: ``ZeroMQError`` if the value is refused.
    public func setReceiveHighWaterMark(_ messages: Int) throws {
        try setIntOption(ZMQ_RCVHWM, messages, name: "ZMQ_RCVHWM")
    }

    /// The high-water mark of incoming messages per peer (`ZMQ_RCVHWM`).
    public var receiveHighWaterMark: Int { get throws { try intOption(ZMQ_RCVHWM, name: "ZMQ_RCVHWM") } }

    /// Makes a ROUTER report unroutable messages instead of dropping them (`ZMQ_ROUTER_MANDATORY`).
    ///
    /// When on, ``send(_:dontWait:)`` to an unknown routing id throws ``ZeroMQError/Code/hostUnreachable``,
    /// and to a peer whose queue is full returns false (with `dontWait`) or blocks.
    /// - Parameter enabled: Whether to report.
    /// - Throws: ``ZeroMQError`` on a socket that is not a ROUTER.
    public func setRouterMandatory(_ enabled: Bool) throws {
        try setIntOption(ZMQ_ROUTER_MANDATORY, enabled ? 1 : 0, name: "ZMQ_ROUTER_MANDATORY")
    }

    /// Lets a new connection take over a routing id still held by an old one (`ZMQ_ROUTER_HANDOVER`).
    ///
    /// A worker that reconnects with a fresh socket but the same id would otherwise be ignored by the
    /// ROUTER until the old connection times out.
    /// - Parameter enabled: Whether the newest connection wins.
    /// - Throws: ``ZeroMQError`` on a socket that is not a ROUTER.
    public func setRouterHandover(_ enabled: Bool) throws {
        try setIntOption(ZMQ_ROUTER_HANDOVER, enabled ? 1 : 0, name: "ZMQ_ROUTER_HANDOVER")
    }

    /// Queues messages only to completed connections (`ZMQ_IMMEDIATE`).
    ///
    /// - Parameter enabled: When true, sends block (or return false) while no connection is complete,
    ///   instead of queueing for peers that are still connecting.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setImmediate(_ enabled: Bool) throws {
        try setIntOption(ZMQ_IMMEDIATE, enabled ? 1 : 0, name: "ZMQ_IMMEDIATE")
    }

    /// Whether messages are queued only to completed connections (`ZMQ_IMMEDIATE`).
    public var immediate: Bool { get throws { try intOption(ZMQ_IMMEDIATE, name: "ZMQ_IMMEDIATE") != 0 } }

    /// Sets the largest message a peer may send; a peer exceeding it is disconnected (`ZMQ_MAXMSGSIZE`).
    ///
    /// - Parameter bytes: The limit in bytes over all frames of a message, -1 (the default) for none.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setMaxMessageSize(_ bytes: Int64) throws {
        let handle = try requireHandle("setsockopt ZMQ_MAXMSGSIZE")
        var value = bytes
        guard zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZeroMQError.last("setsockopt ZMQ_MAXMSGSIZE \(bytes)")
        }
    }

    /// The largest message a peer may send, in bytes, -1 for no limit (`ZMQ_MAXMSGSIZE`).
    public var maxMessageSize: Int64 {
        get throws {
            let handle = try requireHandle("getsockopt ZMQ_MAXMSGSIZE")
            var value: Int64 = 0
            var size = MemoryLayout<Int64>.size
            guard zmq_getsockopt(handle, ZMQ_MAXMSGSIZE, &value, &size) == 0 else {
                throw ZeroMQError.last("getsockopt ZMQ_MAXMSGSIZE")
            }
            return value
        }
    }

    // MARK: Timeouts and reconnection

    /// Sets how long a blocking ``receive(dontWait:)`` waits before returning nil (`ZMQ_RCVTIMEO`).
    ///
    /// - Parameter milliseconds: -1 (the default) waits forever, 0 never waits.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setReceiveTimeout(milliseconds: Int) throws {
        try setIntOption(ZMQ_RCVTIMEO, milliseconds, name: "ZMQ_RCVTIMEO")
    }

    /// How long a blocking receive waits, in milliseconds, -1 for forever (`ZMQ_RCVTIMEO`).
    public var receiveTimeout: Int { get throws { try intOption(ZMQ_RCVTIMEO, name: "ZMQ_RCVTIMEO") } }

    /// Sets how long a blocking ``send(_:dontWait:)`` waits before returning false (`ZMQ_SNDTIMEO`).
    ///
    /// - Parameter milliseconds: -1 (the default) waits forever, 0 never waits.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setSendTimeout(milliseconds: Int) throws {
        try setIntOption(ZMQ_SNDTIMEO, milliseconds, name: "ZMQ_SNDTIMEO")
    }

    /// How long a blocking send waits, in milliseconds, -1 for forever (`ZMQ_SNDTIMEO`).
    public var sendTimeout: Int { get throws { try intOption(ZMQ_SNDTIMEO, name: "ZMQ_SNDTIMEO") } }

    /// Sets the delay before reconnecting a lost or refused connection (`ZMQ_RECONNECT_IVL`, `ZMQ_RECONNECT_IVL_MAX`).
    ///
    /// - Parameters:
    ///   - milliseconds: The first delay (default 100); -1 never reconnects.
    ///   - maximum: When greater than `milliseconds`, each further attempt doubles the delay up to this;
    ///     0 (the default) keeps the delay constant.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setReconnectInterval(milliseconds: Int, maximum: Int = 0) throws {
        try setIntOption(ZMQ_RECONNECT_IVL, milliseconds, name: "ZMQ_RECONNECT_IVL")
        try setIntOption(ZMQ_RECONNECT_IVL_MAX, maximum, name: "ZMQ_RECONNECT_IVL_MAX")
    }

    /// The first reconnection delay in milliseconds (`ZMQ_RECONNECT_IVL`).
    public var reconnectInterval: Int { get throws { try intOption(ZMQ_RECONNECT_IVL, name: "ZMQ_RECONNECT_IVL") } }

    /// The largest reconnection delay in milliseconds, 0 for no back-off (`ZMQ_RECONNECT_IVL_MAX`).
    public var reconnectIntervalMax: Int {
        get throws { try intOption(ZMQ_RECONNECT_IVL_MAX, name: "ZMQ_RECONNECT_IVL_MAX") }
    }

    /// Sets ZMTP heartbeats, which detect dead connections below the application (`ZMQ_HEARTBEAT_*`).
    ///
    /// - Parameters:
    ///   - interval: Milliseconds between PINGs; 0 (the default) disables heartbeats.
    ///   - timeout: Milliseconds to wait for any traffic after a PING before closing the connection;
    ///     nil leaves libzmq's default (the interval).
    ///   - timeToLive: Milliseconds the remote peer should wait for traffic before closing, sent in
    ///     PINGs (rounded down to tenths of a second); nil leaves it unset.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setHeartbeat(interval: Int, timeout: Int? = nil, timeToLive: Int? = nil) throws {
        try setIntOption(ZMQ_HEARTBEAT_IVL, interval, name: "ZMQ_HEARTBEAT_IVL")
        if let timeout { try setIntOption(ZMQ_HEARTBEAT_TIMEOUT, timeout, name: "ZMQ_HEARTBEAT_TIMEOUT") }
        if let timeToLive { try setIntOption(ZMQ_HEARTBEAT_TTL, timeToLive, name: "ZMQ_HEARTBEAT_TTL") }
    }

    // MARK: Identity and subscriptions

    /// Sets the routing id a ROUTER peer will know this socket by (`ZMQ_ROUTING_ID`).
    ///
    /// - Parameter id: 1 to 255 bytes, not starting with a zero byte (reserved by libzmq).
    /// - Throws: ``ZeroMQError`` (`EINVAL`) for an empty, too long or zero-led id.
    public func setRoutingID(_ id: [UInt8]) throws {
        guard !id.isEmpty, id.count <= 255, id[0] != 0 else {
            throw ZeroMQError.invalidArgument("setsockopt ZMQ_ROUTING_ID (\(id.count) bytes)")
        }
        try setBytesOption(ZMQ_ROUTING_ID, id, name: "ZMQ_ROUTING_ID")
    }

    /// The routing id set by ``setRoutingID(_:)``, empty if none (`ZMQ_ROUTING_ID`).
    public var routingID: [UInt8] { get throws { try bytesOption(ZMQ_ROUTING_ID, name: "ZMQ_ROUTING_ID", capacity: 256) } }

    /// Subscribes a SUB socket to messages whose first frame starts with `prefix` (`ZMQ_SUBSCRIBE`).
    ///
    /// - Parameter prefix: The prefix; empty (the default) subscribes to everything.
    /// - Throws: ``ZeroMQError`` on a socket that is not a SUB.
    public func subscribe(_ prefix: [UInt8] = []) throws {
        try setBytesOption(ZMQ_SUBSCRIBE, prefix, name: "ZMQ_SUBSCRIBE")
    }

    /// Subscribes a SUB socket to messages whose first frame starts with the UTF-8 bytes of `prefix`.
    ///
    /// - Parameter prefix: The prefix as text.
    /// - Throws: ``ZeroMQError`` on a socket that is not a SUB.
    public func subscribe(_ prefix: String) throws {
        try subscribe(Array(prefix.utf8))
    }

    /// Removes one earlier ``subscribe(_:)-([UInt8])`` of the same prefix (`ZMQ_UNSUBSCRIBE`).
    ///
    /// - Parameter prefix: The prefix as subscribed.
    /// - Throws: ``ZeroMQError`` on a socket that is not a SUB.
    public func unsubscribe(_ prefix: [UInt8] = []) throws {
        try setBytesOption(ZMQ_UNSUBSCRIBE, prefix, name: "ZMQ_UNSUBSCRIBE")
    }

    /// Removes one earlier subscription to the UTF-8 bytes of `prefix`.
    ///
    /// - Parameter prefix: The prefix as text.
    /// - Throws: ``ZeroMQError`` on a socket that is not a SUB.
    public func unsubscribe(_ prefix: String) throws {
        try unsubscribe(Array(prefix.utf8))
    }

    /// The endpoint most recently bound or connected, with wildcards resolved (`ZMQ_LAST_ENDPOINT`).
    ///
    /// After binding `tcp://127.0.0.1:*` it is e.g. `tcp://127.0.0.1:39251`; empty if nothing was bound
    /// or connected.
    public var lastEndpoint: String {
        get throws {
            let bytes = try bytesOption(ZMQ_LAST_ENDPOINT, name: "ZMQ_LAST_ENDPOINT", capacity: 1024)
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    // MARK: Primitives

    /// Sets a C `int` option, refusing values that do not fit.
    func setIntOption(_ option: Int32, _ value: Int, name: String) throws {
        let operation = "setsockopt \(name) \(value)"
        let handle = try requireHandle(operation)
        guard var int = Int32(exactly: value) else { throw ZeroMQError.invalidArgument(operation) }
        guard zmq_setsockopt(handle, option, &int, MemoryLayout<Int32>.size) == 0 else {
            throw ZeroMQError.last(operation)
        }
    }

    /// Reads a C `int` option.
    func intOption(_ option: Int32, name: String) throws -> Int {
        let operation = "getsockopt \(name)"
        let handle = try requireHandle(operation)
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, option, &value, &size) == 0 else { throw ZeroMQError.last(operation) }
        return Int(value)
    }

    /// Sets a binary option.
    func setBytesOption(_ option: Int32, _ value: [UInt8], name: String) throws {
        let operation = "setsockopt \(name)"
        let handle = try requireHandle(operation)
        let result = value.withUnsafeBytes { bytes in
            zmq_setsockopt(handle, option, bytes.baseAddress, bytes.count)
        }
        guard result == 0 else { throw ZeroMQError.last(operation) }
    }

    /// Reads a binary or string option of at most `capacity` bytes.
    func bytesOption(_ option: Int32, name: String, capacity: Int) throws -> [UInt8] {
        let operation = "getsockopt \(name)"
        let handle = try requireHandle(operation)
        var buffer = [UInt8](repeating: 0, count: capacity)
        var size = capacity
        let result = buffer.withUnsafeMutableBytes { bytes in
            zmq_getsockopt(handle, option, bytes.baseAddress, &size)
        }
        guard result == 0 else { throw ZeroMQError.last(operation) }
        return Array(buffer.prefix(min(size, capacity)))
    }
}
