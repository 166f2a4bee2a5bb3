/// Constants of the lyapsweep wire protocol shared by coordinator, workers and status clients.
///
/// Every message is a ZeroMQ multipart message of two frames: an 8-byte header (see ``WireCodec``)
/// and a protobuf payload. Peers of different ``version``s refuse each other.
public enum WireProtocol {
    /// The protocol version this build speaks; a peer with another version is refused.
    ///
    /// Version 3 folds the worker's READY into its RESULT (``ResultReport/credits``) and the coordinator's ACKs
    /// into the next TASK to the same worker (``TaskAssignment/acknowledgedTaskIDs``), halving the messages of a
    /// task's round trip. Version 2 added the worker's fits to RESULT, the held task ids to HELLO, the
    /// CRASH_REPORT message and a payload size limit per message type. Peers of other versions are refused.
    public static let version: UInt16 = 3

    /// The largest payload frame of the bulk types, in bytes (64 MiB): WELCOME (which carries the sweep
    /// file and dataset), STATUS_REPLY, and RESULT when the decoder is given no sweep-specific limit
    /// (``WireLimits/standard``). Every other type has a much smaller limit,
    /// ``WireMessageType/maxPayloadBytes``.
    ///
    /// Larger payloads are rejected before any decoding. Sockets should also set ZeroMQ's maximum message
    /// size a little above the largest payload they may legally receive, so larger frames are never
    /// received at all (a coordinator: ``largestResultPayload(for:)``).
    public static let maxPayloadBytes = 64 << 20

    /// The magic bytes that open every header frame: ASCII `LYSW`.
    public static let magic: [UInt8] = Array("LYSW".utf8)

    /// The size of the header frame in bytes: magic (4), version (2, big-endian), type (1), flags (1).
    public static let headerBytes = 8
}
