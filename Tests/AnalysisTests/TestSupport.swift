import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fixed, seedable generator so tests never depend on the
/// standard library's generators or algorithms.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [−halfWidth, halfWidth).
    mutating func symmetric(_ halfWidth: Double) -> Double {
        halfWidth * (2 * (Double(next() >> 11) * 0x1.0p-53) - 1)
    }
}

/// A generator that replays fixed words, to pin exactly which draws a routine consumes.
struct ReplayGenerator: RandomNumberGenerator {
    private(set) var words: [UInt64]

    mutating func next() -> UInt64 {
        words.removeFirst()
    }
}

/// Synthetic mean-distance curves with a known exponent and known phase boundaries.
enum SyntheticCurve {
    /// ⟨d⟩(t) = d0 · exp(Λ · clamp(t, onset, tau) + u_t): flat before `onset`, growing at Λ per step up to and
    /// including `tau`, flat after (saturated); u_t is uniform in ±noise (multiplicative noise on ⟨d⟩).
    static func piecewise(count: Int, d0: Double = 1e-10, lambda: Double, onset: Int = 0, tau: Int,
                          noise: Double = 0, seed: UInt64 = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { t in
            let jitter = noise == 0 ? 0 : generator.symmetric(noise)
            return d0 * exp(lambda * Double(min(max(t, onset), tau)) + jitter)
        }
    }
}
