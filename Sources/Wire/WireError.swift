/// Why a received message was refused by ``WireCodec/decode(_:limits:version:)``.
///
/// Decoding never crashes on bad input: every problem becomes a `WireError` whose ``reason`` classifies
/// it (for counters) and whose ``description`` explains it (for logs).
public struct WireError: Error, CustomStringConvertible, Equatable {
    /// The class of a decoding failure.
    public enum Reason: Sendable, Equatable, Hashable {
        /// The message did not have exactly two frames (header, payload).
        case wrongFrameCount
        /// The header frame does not start with the magic `LYSW`.
        case badMagic
        /// The sender speaks protocol version `remote`; this side speaks `local`.
        case versionMismatch(remote: UInt16, local: UInt16)
        /// The header names a message type this version does not know.
        case unknownType(UInt8)
        /// The header frame is not exactly 8 bytes long.
        case truncated
        /// The payload frame is larger than its type allows, ``WireMessageType/maxPayloadBytes`` (the actual size);
        /// RESULT has its own reason, ``oversizedResult(_:)``.
        case oversized(Int)
        /// A RESULT payload is larger than the decoder's ``WireLimits/resultPayloadBytes`` (the actual size):
        /// larger than any legal result of the sweep when the limit is the sweep's.
        case oversizedResult(Int)
        /// The header's reserved flags byte is not 0.
        case unsupportedFlags(UInt8)
        /// The payload is not a valid protobuf encoding of the header's message type (cut, garbage, bad UTF-8).
        case malformedPayload
        /// The payload decoded but its content is impossible (negative id, curve lengths that disagree, NaN, …).
        case inconsistent

        /// A stable snake_case name for counters and logs, e.g. `version_mismatch`.
        public var counterName: String {
            switch self {
            case .wrongFrameCount: "wrong_frame_count"
            case .badMagic: "bad_magic"
            case .versionMismatch: "version_mismatch"
            case .unknownType: "unknown_type"
            case .truncated: "truncated"
            case .oversized: "oversized"
            case .oversizedResult: "oversized_result"
            case .unsupportedFlags: "unsupported_flags"
            case .malformedPayload: "malformed_payload"
            case .inconsistent: "inconsistent"
            }
        }
    }

    /// The class of the failure.
    public var reason: Reason
    /// A human-readable explanation naming the offending value or field.
    public var description: String

    /// Creates an error from its class and explanation.
    public init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }
}
