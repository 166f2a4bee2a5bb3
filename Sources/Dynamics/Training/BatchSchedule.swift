/// The training samples each gradient-descent step of one initial condition uses (docs/METHOD.md §1).
///
/// Without a batch size, or with one of at least the training-set size N, every batch is the whole
/// set 0..<N: full-batch gradient descent. Otherwise every epoch starts with a fresh permutation of
/// the N samples drawn from the stream (sweep seed, IC index) of purpose ``StreamPurpose/batchOrder``
/// and is cut into consecutive batches of B samples, the last one of an epoch smaller when B does not
/// divide N. Step t of a run (pre-training steps t < t₀ included) takes batch number t.
///
/// A batch is a set: its indices come out in ascending order, which is the order its per-sample terms
/// are summed in, so a batch of all N samples computes exactly the bits of full-batch descent. The
/// reference of an IC and all its perturbed copies follow one schedule and differ only by ε.
public struct BatchSchedule: Sendable {
    /// N, the training samples.
    public let sampleCount: Int
    /// The samples per batch (the last batch of an epoch may be smaller); N for full-batch descent.
    public let batchSize: Int
    private var stream: RandomStream
    /// The current epoch's permutation and how much of it has been used.
    private var order: [Int] = []
    private var position = 0
    /// Marks of the batch being assembled, indexed by sample (all false between calls).
    private var selected: [Bool]

    /// The schedule of IC `icIndex` of a sweep.
    ///
    /// - Parameters:
    ///   - sampleCount: N, the training samples.
    ///   - batchSize: B, or nil for full-batch descent; B ≥ N is full-batch descent too.
    /// - Precondition: N ≥ 1 and B ≥ 1.
    public init(sampleCount: Int, batchSize: Int?, sweepSeed: UInt64, icIndex: Int) {
        precondition(sampleCount >= 1 && (batchSize ?? 1) >= 1, "need at least one sample per batch")
        self.sampleCount = sampleCount
        self.batchSize = min(batchSize ?? sampleCount, sampleCount)
        stream = RandomStream(.batchOrder, [sweepSeed, UInt64(icIndex)])
        selected = [Bool](repeating: false, count: sampleCount)
    }

    /// Whether every batch is the whole training set.
    public var isFullBatch: Bool { batchSize == sampleCount }

    /// Replaces the contents of `batch` with the next step's sample indices, in ascending order.
    ///
    /// Reuses the array's storage; the only allocation is one permutation per epoch.
    public mutating func next(into batch: inout [Int]) {
        batch.removeAll(keepingCapacity: true)
        guard !isFullBatch else {
            batch.append(contentsOf: 0..<sampleCount)
            return
        }
        if position == order.count {
            order = stream.permutation(count: sampleCount)
            position = 0
        }
        let end = min(position + batchSize, sampleCount)
        for index in order[position..<end] { selected[index] = true }
        position = end
        for index in 0..<sampleCount where selected[index] {
            batch.append(index)
            selected[index] = false
        }
    }
}
