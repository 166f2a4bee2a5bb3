/// Counts of frames dropped by validation, by reason, with the part not yet written to the store.
struct RejectedFrames {
    private(set) var byReason: [String: Int] = [:]
    private var unflushed: [String: Int] = [:]

    /// All rejected frames.
    var total: Int { byReason.values.reduce(0, +) }

    /// Counts one rejection; returns the new count for the reason (the caller logs the first few and then sparsely).
    mutating func count(_ reason: String) -> Int {
        byReason[reason, default: 0] += 1
        unflushed[reason, default: 0] += 1
        return byReason[reason]!
    }

    /// Gives back counts a flush could not write.
    mutating func restore(_ reason: String, _ count: Int) {
        unflushed[reason, default: 0] += count
    }

    /// The counts added since the last call.
    mutating func takeUnflushed() -> [String: Int] {
        defer { unflushed = [:] }
        return unflushed
    }
}

/// A printable name for a ZeroMQ routing identity: the text if it is printable ASCII, else hex.
enum PeerName {
    static func of(_ identity: [UInt8]) -> String {
        if !identity.isEmpty, identity.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(decoding: identity, as: UTF8.self)
        }
        return "0x" + identity.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
