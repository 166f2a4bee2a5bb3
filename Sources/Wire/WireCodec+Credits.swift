extension WireCodec {
    /// The frames of an encoded RESULT whose ``ResultReport/credits`` are 0, with `credits` set instead, without
    /// encoding the result again.
    ///
    /// A worker keeps the frames it sent until their ACK and resends them after a new WELCOME, where the credits
    /// must not count twice; it keeps them with credits 0 and sends the first copy through this. In protobuf a
    /// scalar field that appears again replaces the earlier value, and a 0 is not encoded at all, so appending
    /// field 6 (`credits`, a varint) to the payload sets it.
    ///
    /// - Parameters:
    ///   - frames: `[header, payload]` of a RESULT encoded with credits 0 (``encode(_:version:)``).
    ///   - credits: The credits to carry (≥ 0; 0 returns `frames` unchanged).
    public static func result(_ frames: [[UInt8]], withCredits credits: Int) -> [[UInt8]] {
        precondition(frames.count == 2 && credits >= 0, "a RESULT's two frames and non-negative credits")
        guard credits > 0 else { return frames }
        var payload = frames[1]
        payload.reserveCapacity(payload.count + 11)
        payload.append(6 << 3)  // field 6, wire type 0 (varint)
        var value = UInt64(credits)
        while value >= 0x80 {
            payload.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        payload.append(UInt8(value))
        return [frames[0], payload]
    }
}
