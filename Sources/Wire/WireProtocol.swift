/// Constants of the lyapsweep wire protocol shared by coordinator, workers and status clients.
///
/// Every message is a ZeroMQ multipart message of two frames: an 8-byte header (see ``WireCodec``)
/// and a protobuf payload. Peers of different ``version``s refuse each other.
public enum WireProtocol {
    /// The protocol version this build speaks; a peer with another version is refused.
    public static let version: UInt16 = 1

    /// The largest payload frame ``WireCodec/decode(_:version:)`` accepts, in bytes (64 MiB), for the
    /// types that carry bulk data (WELCOME, RESULT, STATUS_REPLY); see ``maxControlPayloadBytes``.
    ///
    /// Larger payloads are rejected before any decoding. Sockets should also set ZeroMQ's maximum message
    /// size a little above this, so larger frames are never received at all.
    public static let maxPayloadBytes = 64 << 20

    /// The largest payload of the small control messages, in bytes (1 MiB): every type except WELCOME
    /// (which carries the sweep file), RESULT and STATUS_REPLY, which may use ``maxPayloadBytes``.
    public static let maxControlPayloadBytes = 1 << 20

    /// The magic bytes that open every header frame: ASCII `LYSW`.
    public static let magic: [UInt8] = Array("LYSW".utf8)

    /// The size of the header frame in bytes: magic (4), version (2, big-endian), type (1), flags (1).
    public static let headerBytes = 8
}
