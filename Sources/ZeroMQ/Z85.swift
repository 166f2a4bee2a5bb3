import CZeroMQ

/// ZeroMQ's Z85 text encoding of binary data (RFC 32), used for CURVE keys (`zmq_z85_encode` / `zmq_z85_decode`).
///
/// Every 4 bytes become 5 printable ASCII characters, so a 32-byte CURVE key is 40 characters.
public enum Z85 {
    /// Encodes bytes as Z85 text.
    ///
    /// - Parameter bytes: The data; its length must be a multiple of 4 (empty gives "").
    /// - Returns: The text, 5/4 as long as `bytes`, or nil if the length is not a multiple of 4.
    public static func encode(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        if bytes.isEmpty { return "" }
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        let result = text.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source in
                zmq_z85_encode(destination.baseAddress, source.baseAddress, source.count)
            }
        }
        guard result != nil else { return nil }
        return String(decoding: text.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes Z85 text.
    ///
    /// - Parameter text: The text; its length must be a multiple of 5 and every character one of Z85's 85
    ///   (empty gives no bytes).
    /// - Returns: The bytes, 4/5 as long as `text`, or nil for a bad length, a character outside the
    ///   alphabet, or a group of five characters whose value exceeds 32 bits.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 5 == 0 else { return nil }
        if characters.isEmpty { return [] }
        guard characters.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return nil }
        var bytes = [UInt8](repeating: 0, count: characters.count / 5 * 4)
        let cString = characters.map { CChar(bitPattern: $0) } + [0]
        let result = bytes.withUnsafeMutableBufferPointer { destination in
            cString.withUnsafeBufferPointer { source in
                zmq_z85_decode(destination.baseAddress, source.baseAddress)
            }
        }
        return result == nil ? nil : bytes
    }

    /// Whether `text` is the Z85 form of a 32-byte CURVE key: 40 characters that decode.
    static func isCurveKey(_ text: String) -> Bool {
        text.utf8.count == 40 && decode(text) != nil
    }
}
