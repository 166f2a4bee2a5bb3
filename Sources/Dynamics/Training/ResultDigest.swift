/// FNV-1a over the bit patterns of every number of a sequence of ensemble results: compares builds,
/// kernel variants and CPUs bit for bit (`lyapsweep bench --task` prints it).
public struct ResultDigest: Sendable, Equatable {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The digest of no results.
    public init() {}

    /// Adds every reference loss, mean distance and diverged-member count of `result`.
    public mutating func add(_ result: EnsembleResult) {
        for value in result.referenceLoss { add(value.bitPattern) }
        for curve in result.curves {
            for value in curve.meanDistance { add(value.bitPattern) }
            add(UInt64(curve.divergedMembers))
        }
    }

    private mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            state = (state ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
        }
    }

    /// The digest in hexadecimal.
    public var hex: String { String(state, radix: 16) }
}
