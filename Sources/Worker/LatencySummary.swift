/// Durations of one kind of per-task step (e.g. encode + send of a RESULT): count, mean and maximum over
/// all samples, quantiles over the most recent ``recentCapacity`` samples.
///
/// Recording is O(1) and memory is bounded, so a worker can record every task of a sweep of millions.
public struct LatencySummary: Sendable, Equatable {
    /// How many of the latest samples the quantiles are computed from.
    public static let recentCapacity = 4096

    /// Samples recorded.
    public private(set) var count = 0
    /// Sum of all samples, in seconds.
    public private(set) var totalSeconds = 0.0
    /// The largest sample, in seconds (0 before any).
    public private(set) var maximumSeconds = 0.0
    /// The latest samples, a ring of at most ``recentCapacity``.
    private var recent: [Double] = []
    /// Where the next sample goes once the ring is full.
    private var nextSlot = 0

    /// Creates an empty summary.
    public init() {}

    /// Adds one duration, in seconds.
    public mutating func record(_ seconds: Double) {
        count += 1
        totalSeconds += seconds
        maximumSeconds = max(maximumSeconds, seconds)
        if recent.count < Self.recentCapacity {
            recent.append(seconds)
        } else {
            recent[nextSlot] = seconds
            nextSlot = (nextSlot + 1) % Self.recentCapacity
        }
    }

    /// The mean of all samples, in seconds; nil before any.
    public var meanSeconds: Double? { count == 0 ? nil : totalSeconds / Double(count) }

    /// The `q`-quantile (0 … 1, nearest rank) of the recent samples, in seconds; nil before any.
    public func quantile(_ q: Double) -> Double? {
        guard !recent.isEmpty else { return nil }
        let sorted = recent.sorted()
        let rank = Int((min(max(q, 0), 1) * Double(sorted.count - 1)).rounded())
        return sorted[rank]
    }

    /// The median of the recent samples, in seconds; nil before any.
    public var medianSeconds: Double? { quantile(0.5) }

    /// One line for logs, in microseconds: `n=… mean=… p50=… p99=… max=… µs`.
    public var summary: String {
        guard let mean = meanSeconds, let median = medianSeconds, let p99 = quantile(0.99) else { return "n=0" }
        func micro(_ seconds: Double) -> String { String(Int((seconds * 1e6).rounded())) }
        return "n=\(count) mean=\(micro(mean)) p50=\(micro(median)) p99=\(micro(p99)) max=\(micro(maximumSeconds)) µs"
    }
}
