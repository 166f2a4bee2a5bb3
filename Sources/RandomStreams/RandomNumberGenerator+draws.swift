import Foundation

/// The draws every seeded computation of the project makes, written once for any generator.
///
/// Each draw consumes a documented number of `next()` words in a fixed order, so with a seeded generator
/// (``SplitMix64``, ``RandomStream``) the results are the same bits on every platform and Swift version.
extension RandomNumberGenerator {
    /// A uniform number in [0, 1) with 53 random bits; consumes one word (its high 53 bits).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform number in [−halfWidth, halfWidth); consumes one word.
    ///
    /// Computed as `halfWidth · (2u − 1)`; `2u − 1` is exact in Float64, so the only rounding
    /// is the final product.
    public mutating func nextSymmetric(halfWidth: Double) -> Double {
        halfWidth * (2 * nextUnit() - 1)
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-shift with rejection).
    ///
    /// Each attempt consumes one word: the high 64 bits of `next() × bound` are the result, unless the low
    /// 64 bits fall below (2⁶⁴ − bound) mod bound, in which case the draw is repeated.
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Fills `values` with independent N(0, std²) numbers by the Box–Muller transform.
    ///
    /// Numbers are produced in pairs from two words each; for an odd count the last pair's second value is
    /// discarded, so a given count always consumes the same part of the stream.
    public mutating func fillGaussian(_ values: inout [Double], standardDeviation std: Double) {
        var index = 0
        while index < values.count {
            let u1 = 1 - nextUnit()  // (0, 1]: log is finite
            let u2 = nextUnit()
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            values[index] = std * radius * Foundation.cos(angle)
            if index + 1 < values.count {
                values[index + 1] = std * radius * Foundation.sin(angle)
            }
            index += 2
        }
    }

    /// A seeded random permutation of 0..<count (Fisher–Yates, from the last position down, one
    /// ``nextIndex(below:)`` per position).
    public mutating func permutation(count: Int) -> [Int] {
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, nextIndex(below: i + 1))
            }
        }
        return order
    }
}
