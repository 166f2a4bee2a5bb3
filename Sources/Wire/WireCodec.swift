import SwiftProtobuf

/// Turns ``WireMessage``s into ZeroMQ frames and validated messages back out of frames.
///
/// A message is exactly two frames (a ROUTER socket adds the peer's identity in front; strip it first):
/// 1. the header, 8 bytes: ASCII `LYSW`, the protocol version as a big-endian `UInt16`, the message type
///    (``WireMessageType``) and a flags byte that is 0;
/// 2. the protobuf payload of that type (`Sources/Wire/Proto/lyapsweep_wire.proto`).
public enum WireCodec {
    /// Encodes a message as its two frames, `[header, payload]`.
    ///
    /// Encoding does not validate: whatever the message holds is sent (tests use this to build invalid
    /// messages). `version` is the version written in the header; only tests and the hidden worker flag
    /// that impersonates another version pass anything but ``WireProtocol/version``.
    public static func encode(_ message: WireMessage, version: UInt16 = WireProtocol.version) -> [[UInt8]] {
        let header = WireHeader(version: version, type: message.type.rawValue).bytes
        return [header, payload(of: message)]
    }

    /// Decodes and validates a two-frame message; any problem throws a ``WireError``, never a crash.
    ///
    /// Checks, in order: exactly two frames (``WireError/Reason/wrongFrameCount``); an 8-byte header
    /// (``WireError/Reason/truncated``) starting with `LYSW` (``WireError/Reason/badMagic``); the header's
    /// version equal to `version` (``WireError/Reason/versionMismatch(remote:local:)``, naming both); a known
    /// type (``WireError/Reason/unknownType(_:)``); flags 0 (``WireError/Reason/unsupportedFlags(_:)``); a
    /// payload no larger than `limits` allow for the type, checked on the frame size before any parsing
    /// (``WireError/Reason/oversized(_:)``; for RESULT ``WireError/Reason/oversizedResult(_:)`` against
    /// ``WireLimits/resultPayloadBytes``); for RESULT, at most 1,000,000 curves, member series and fits
    /// (counted on the wire format before decoding, so a small payload cannot expand into gigabytes); a
    /// valid protobuf payload (``WireError/Reason/malformedPayload``; unknown fields are accepted and
    /// dropped); and content that makes sense (``WireError/Reason/inconsistent``): no negative ids, indices
    /// or counts, credits in 1…1000, at most ``Hello/maxHeldTaskIDs`` task ids, texts within their lengths,
    /// required sub-messages present, curves consistent with themselves and with the reference, finite
    /// distances, positive ε and η, and one consistent fit per curve (see ``ResultReport/fits``).
    ///
    /// Memory: decoding allocates at most a small multiple of the payload size (the payload is already in
    /// memory when this is called).
    ///
    /// - Parameters:
    ///   - limits: The payload size limits; a coordinator passes its sweep's (``WireLimits/init(for:)``).
    ///   - version: The protocol version this side speaks.
    public static func decode(
        _ frames: [[UInt8]], limits: WireLimits = .standard, version: UInt16 = WireProtocol.version
    ) throws(WireError) -> WireMessage {
        guard frames.count == 2 else {
            throw WireError(
                .wrongFrameCount,
                "a lyapsweep message has 2 frames (header, payload), this one has \(frames.count)")
        }
        let header = try WireHeader(parsing: frames[0])
        guard header.version == version else {
            throw WireError(
                .versionMismatch(remote: header.version, local: version),
                "protocol version mismatch: the sender speaks lyapsweep wire protocol version \(header.version), this side speaks version \(version)")
        }
        guard let type = WireMessageType(rawValue: header.type) else {
            throw WireError(.unknownType(header.type), "unknown message type \(header.type) in protocol version \(version)")
        }
        guard header.flags == 0 else {
            throw WireError(.unsupportedFlags(header.flags), "\(type.name) has header flags \(header.flags); version \(version) defines none")
        }
        let payload = frames[1]
        let maximum = limits.maxPayloadBytes(for: type)
        guard payload.count <= maximum else {
            let text = "\(type.name) payload is \(payload.count) bytes; at most \(maximum) are accepted"
            if type == .result {
                throw WireError(.oversizedResult(payload.count), "\(text) (the RESULT limit: the largest legal result of the sweep, or 64 MiB without one)")
            }
            throw WireError(.oversized(payload.count), text)
        }
        if type == .result {
            try ResultPayloadScan.check(payload)
        }
        return try message(of: type, payload: payload)
    }

    /// The protocol version in the header of `frames`, if the message has a well-formed header.
    ///
    /// "Well-formed" means: exactly two frames, an 8-byte first frame starting with `LYSW`. Version, type
    /// and payload are not checked, so a coordinator can name both versions when it refuses a HELLO of
    /// another version.
    public static func peekVersion(_ frames: [[UInt8]]) -> UInt16? {
        guard frames.count == 2, let header = try? WireHeader(parsing: frames[0]) else { return nil }
        return header.version
    }

    // MARK: - Payloads

    /// The serialized protobuf payload of a message.
    static func payload(of message: WireMessage) -> [UInt8] {
        switch message {
        case .hello(let hello): serialize(hello.proto)
        case .welcome(let welcome): serialize(welcome.proto)
        case .reject(let reject): serialize(reject.proto)
        case .ready(let ready): serialize(ready.proto)
        case .task(let task): serialize(task.proto)
        case .result(let report): serialize(report.proto)
        case .ack(let ack): serialize(ack.proto)
        case .heartbeat(let heartbeat): serialize(heartbeat.proto)
        case .shutdown(let shutdown): serialize(shutdown.proto)
        case .statusRequest: serialize(PBStatusRequest())
        case .statusReply(let reply): serialize(reply.proto)
        case .crashReport(let report): serialize(report.proto)
        }
    }

    /// Serializes a payload. The schema is proto3 without `required` fields, extensions or `Any`, the only
    /// things that make SwiftProtobuf's serialization throw, so failure is a programming error.
    static func serialize(_ proto: some SwiftProtobuf.Message) -> [UInt8] {
        do {
            return try proto.serializedBytes(partial: true)
        } catch {
            preconditionFailure("serializing a \(type(of: proto)) cannot fail: \(error)")
        }
    }

    /// Decodes and validates the payload of a known type.
    private static func message(of type: WireMessageType, payload: [UInt8]) throws(WireError) -> WireMessage {
        switch type {
        case .hello: .hello(try Hello(validating: parse(payload, as: PBHello.self, type)))
        case .welcome: .welcome(try Welcome(validating: parse(payload, as: PBWelcome.self, type)))
        case .reject: .reject(try Reject(validating: parse(payload, as: PBReject.self, type)))
        case .ready: .ready(try Ready(validating: parse(payload, as: PBReady.self, type)))
        case .task: .task(try TaskAssignment(validating: parse(payload, as: PBTaskAssignment.self, type)))
        case .result: .result(try ResultReport(validating: parse(payload, as: PBResultReport.self, type)))
        case .ack: .ack(try Ack(validating: parse(payload, as: PBAck.self, type)))
        case .heartbeat: .heartbeat(try Heartbeat(validating: parse(payload, as: PBHeartbeat.self, type)))
        case .shutdown: .shutdown(try Shutdown(validating: parse(payload, as: PBShutdown.self, type)))
        case .statusRequest: try statusRequest(parse(payload, as: PBStatusRequest.self, type))
        case .statusReply: .statusReply(StatusReply(validating: try parse(payload, as: PBStatusReply.self, type)))
        case .crashReport: .crashReport(try CrashReport(validating: parse(payload, as: PBCrashReport.self, type)))
        }
    }

    /// A STATUS_REQUEST has no fields; any parsed payload (unknown fields dropped) is accepted.
    private static func statusRequest(_: PBStatusRequest) -> WireMessage { .statusRequest }

    /// Options for parsing payloads: unknown fields (from a newer peer's additions) are dropped, not kept.
    private static let decodingOptions: BinaryDecodingOptions = {
        var options = BinaryDecodingOptions()
        options.discardUnknownFields = true
        options.messageDepthLimit = 16
        return options
    }()

    /// Parses a payload as a protobuf message; any failure is ``WireError/Reason/malformedPayload``.
    private static func parse<Proto: SwiftProtobuf.Message>(
        _ payload: [UInt8], as _: Proto.Type, _ type: WireMessageType
    ) throws(WireError) -> Proto {
        do {
            return try Proto(serializedBytes: payload, extensions: nil, partial: true, options: decodingOptions)
        } catch {
            throw WireError(.malformedPayload, "\(type.name) payload (\(payload.count) bytes) is not valid protobuf: \(error)")
        }
    }
}
