import RandomStreams

/// Shuffled surrogates of a scalar series: the same values in a seeded random order, which keeps the
/// distribution of the series and destroys its temporal structure (the null hypothesis of the tests).
enum SurrogateShuffle {
    /// Surrogate `index` of `series`, drawn from the stream (``StreamPurpose/surrogate``, path + [index]).
    static func surrogate(of series: [Double], streamPath: [UInt64], index: Int) -> [Double] {
        var stream = RandomStream(.surrogate, streamPath + [UInt64(index)])
        return stream.permutation(count: series.count).map { series[$0] }
    }
}
