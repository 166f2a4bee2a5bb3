/// Bounds an IDX dataset must respect, checked from file sizes and headers before anything is allocated for
/// the samples (a sweep passes its ``SweepLimits``-derived values).
public struct IDXLimits: Hashable, Sendable {
    /// The most bytes a file may have on disk, and the most a gzip file may inflate to.
    public var maxFileBytes: Int
    /// The most samples a file may declare.
    public var maxSamples: Int
    /// The most features (pixels) per sample: the input width of a network can be no larger.
    public var maxFeatures: Int
    /// The most bytes the kept samples may take as Float64 features (samples × features × 8).
    public var maxFeatureBytes: Int

    /// Creates limits; see the properties for meanings.
    public init(maxFileBytes: Int, maxSamples: Int, maxFeatures: Int, maxFeatureBytes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxSamples = maxSamples
        self.maxFeatures = maxFeatures
        self.maxFeatureBytes = maxFeatureBytes
    }
}
