/// Kantz's finite-time exponent of a scalar series with its shuffled-surrogate test.
public struct KantzResult: Hashable, Sendable, Codable {
    /// S(k) for k = 0 … K: the mean log distance of neighbour pairs k steps ahead.
    public var divergence: [Double]
    /// The slope of S(k) over 0 … K (per step).
    public var exponent: Double
    /// The fraction of shuffled surrogates (with the +1 correction) whose exponent is at least this one.
    public var pValue: Double

    /// Creates a result.
    public init(divergence: [Double], exponent: Double, pValue: Double) {
        self.divergence = divergence
        self.exponent = exponent
        self.pValue = pValue
    }
}
