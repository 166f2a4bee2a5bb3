/// A reproducible stream of random numbers identified by a tuple of integers.
///
/// The stream is ``SplitMix64`` started from a state derived only from the integers that name it — for
/// example (sweep seed, IC index) for an initial condition — so the same tuple always yields the same
/// numbers, whatever process, thread or order asks for them (docs/METHOD.md §5). Different purposes are
/// kept apart by a ``StreamPurpose`` tag mixed into the state. Uniform, bounded, Gaussian and permutation
/// draws come from the `RandomNumberGenerator` extensions of this module (``RandomNumberGenerator/nextUnit()``
/// and the others).
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    /// Creates the stream named by a purpose and a tuple of integers.
    ///
    /// - Parameters:
    ///   - purpose: What the numbers are for; streams of different purposes never coincide.
    ///   - path: The integers that identify the stream, most significant first
    ///     (e.g. `[sweepSeed, icIndex, epsilonIndex, memberIndex]`).
    public init(_ purpose: StreamPurpose, _ path: [UInt64]) {
        var state = SplitMix64.mix(purpose.rawValue &* 0xD6E8_FEB8_6659_FD93 ^ 0x5851_F42D_4C95_7F2D)
        for component in path {
            state = SplitMix64.mix(state &+ SplitMix64.mix(component &+ 0x9E37_79B9_7F4A_7C15))
        }
        generator = SplitMix64(seed: state)
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        generator.next()
    }
}
