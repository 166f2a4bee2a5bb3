/// A generator that replays fixed words, to pin exactly which draws a routine consumes.
public struct ReplayGenerator: RandomNumberGenerator {
    /// The words not yet drawn, the next one first.
    public private(set) var words: [UInt64]

    /// Creates a generator that returns `words` in order; drawing past the last word is a programming error.
    public init(words: [UInt64]) {
        self.words = words
    }

    /// The first remaining word, removed.
    public mutating func next() -> UInt64 {
        words.removeFirst()
    }
}
