/// The fixed 8-byte first frame of every message: magic `LYSW`, version (UInt16 big-endian), type, flags.
struct WireHeader: Equatable {
    /// The sender's protocol version.
    var version: UInt16
    /// The raw message type number (see ``WireMessageType``).
    var type: UInt8
    /// Reserved; every version so far sends and requires 0.
    var flags: UInt8

    /// The header as its 8 bytes.
    var bytes: [UInt8] {
        WireProtocol.magic + [UInt8(truncatingIfNeeded: version >> 8), UInt8(truncatingIfNeeded: version), type, flags]
    }

    /// Parses a header frame, checking only its length and magic (version and type are the caller's).
    init(parsing frame: [UInt8]) throws(WireError) {
        guard frame.count == WireProtocol.headerBytes else {
            throw WireError(
                .truncated,
                "the header frame is \(frame.count) bytes; a lyapsweep header is \(WireProtocol.headerBytes) bytes")
        }
        guard frame.prefix(4).elementsEqual(WireProtocol.magic) else {
            let shown = frame.prefix(4).map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "." }.joined()
            throw WireError(.badMagic, "the header starts with \"\(shown)\", not \"LYSW\": not a lyapsweep message")
        }
        version = UInt16(frame[4]) << 8 | UInt16(frame[5])
        type = frame[6]
        flags = frame[7]
    }

    /// Creates a header from its fields.
    init(version: UInt16, type: UInt8, flags: UInt8 = 0) {
        self.version = version
        self.type = type
        self.flags = flags
    }
}
