import Foundation

/// A reproducible stream of random numbers identified by a tuple of integers.
///
/// The stream is SplitMix64 (Steele, Lea & Flood 2014) started from a state derived
/// only from the integers that name it — for example (sweep seed, IC index) for an
/// initial condition — so the same tuple always yields the same numbers, whatever
/// process, thread or order asks for them (docs/METHOD.md §5). Different purposes are kept
/// apart by a ``StreamPurpose`` tag mixed into the state.
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates the stream named by a purpose and a tuple of integers.
    ///
    /// - Parameters:
    ///   - purpose: What the numbers are for; streams of different purposes never coincide.
    ///   - path: The integers that identify the stream, most significant first
    ///     (e.g. `[sweepSeed, icIndex, epsilonIndex, memberIndex]`).
    public init(_ purpose: StreamPurpose, _ path: [UInt64]) {
        var state = RandomStream.mix(purpose.rawValue &* 0xD6E8_FEB8_6659_FD93 ^ 0x5851_F42D_4C95_7F2D)
        for component in path {
            state = RandomStream.mix(state &+ RandomStream.mix(component &+ 0x9E37_79B9_7F4A_7C15))
        }
        self.state = state
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return RandomStream.mix(state)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform number in [−halfWidth, halfWidth).
    ///
    /// Computed as `halfWidth · (2u − 1)`; `2u − 1` is exact in Float64, so the only rounding
    /// is the final product.
    public mutating func nextSymmetric(halfWidth: Double) -> Double {
        halfWidth * (2 * nextUnit() - 1)
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-shift with rejection).
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
    /// Numbers are produced in pairs; for an odd count the last pair's second value is discarded,
    /// so a given count always consumes the same part of the stream.
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

    /// A seeded random permutation of 0..<count (Fisher–Yates).
    public mutating func permutation(count: Int) -> [Int] {
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, nextIndex(below: i + 1))
            }
        }
        return order
    }

    /// The SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a ``RandomStream`` is used for; each purpose has its own family of streams.
public enum StreamPurpose: UInt64, Sendable {
    /// The shuffle that splits a dataset into training and test samples: (split seed).
    case dataSplit = 1
    /// The weights of initial condition k: (sweep seed, k).
    case initialCondition = 2
    /// The perturbation δ of one ensemble member: (sweep seed, k, ε index, member index).
    case perturbation = 3
    /// The mini-batch order of initial condition k, shared by its reference and copies: (sweep seed, k).
    case batchOrder = 4
    /// The bootstrap resamples of one (η, ε) cell: (sweep seed, η index, ε index).
    case bootstrap = 5
    /// The shuffled surrogates of a diagnostic's series significance test:
    /// (sweep seed, k, test number, surrogate index).
    case surrogate = 6
}
