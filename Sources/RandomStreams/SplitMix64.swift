/// SplitMix64 (Steele, Lea & Flood 2014): a small, fixed, seedable generator of 64-bit words.
///
/// Its output depends only on the seed, never on the standard library's generators or algorithms, so
/// every draw built on it is the same on every platform and Swift version. ``RandomStream`` is this
/// generator started from a state derived from a purpose and a tuple of integers.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates the generator whose state is `seed`; the first word is the mix of `seed + γ`
    /// (γ = 0x9E3779B97F4A7C15, the golden-ratio increment).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 uniformly distributed bits: the state advances by γ and is mixed by ``mix(_:)``.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
