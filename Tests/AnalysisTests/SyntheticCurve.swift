import Foundation
import RandomStreams

/// Synthetic mean-distance curves with a known exponent and known phase boundaries.
enum SyntheticCurve {
    /// ⟨d⟩(t) = d0 · exp(Λ · clamp(t, onset, tau) + u_t): flat before `onset`, growing at Λ per step up to and
    /// including `tau`, flat after (saturated); u_t is uniform in ±noise (multiplicative noise on ⟨d⟩).
    static func piecewise(count: Int, d0: Double = 1e-10, lambda: Double, onset: Int = 0, tau: Int,
                          noise: Double = 0, seed: UInt64 = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { t in
            let jitter = noise == 0 ? 0 : generator.nextSymmetric(halfWidth: noise)
            return d0 * exp(lambda * Double(min(max(t, onset), tau)) + jitter)
        }
    }
}
