/// A dataset divided into training and test samples by a seeded shuffle (docs/METHOD.md §1).
public struct DataSplit: Hashable, Sendable {
    /// The samples gradient descent trains on.
    public var train: Dataset
    /// The held-out samples.
    public var test: Dataset

    /// Shuffles the dataset with the split seed and takes the first `trainCount` samples for training
    /// and the next `testCount` for testing.
    ///
    /// - Parameters:
    ///   - dataset: The full dataset.
    ///   - trainCount: Training samples (Iris default 120).
    ///   - testCount: Test samples (Iris default 30); `trainCount + testCount` must not exceed the dataset.
    ///   - seed: The split seed; the shuffle depends on nothing else.
    ///   - standardize: Z-score every feature with the training split's mean and population std
    ///     (a feature with zero std is only centred).
    public init(dataset: Dataset, trainCount: Int, testCount: Int, seed: UInt64, standardize: Bool) {
        precondition(trainCount > 0 && testCount >= 0 && trainCount + testCount <= dataset.sampleCount,
                     "split sizes do not fit the dataset")
        var stream = RandomStream(.dataSplit, [seed])
        let order = stream.permutation(count: dataset.sampleCount)
        var train = dataset.rows(Array(order[0..<trainCount]))
        var test = dataset.rows(Array(order[trainCount..<(trainCount + testCount)]))
        if standardize {
            let columns = dataset.featureCount
            var mean = [Double](repeating: 0, count: columns)
            var std = [Double](repeating: 0, count: columns)
            for column in 0..<columns {
                var sum = 0.0
                for row in 0..<train.sampleCount { sum += train.features[row * columns + column] }
                mean[column] = sum / Double(train.sampleCount)
                var squares = 0.0
                for row in 0..<train.sampleCount {
                    let centred = train.features[row * columns + column] - mean[column]
                    squares += centred * centred
                }
                std[column] = (squares / Double(train.sampleCount)).squareRoot()
            }
            for index in train.features.indices {
                let column = index % columns
                train.features[index] = (train.features[index] - mean[column]) / (std[column] > 0 ? std[column] : 1)
            }
            for index in test.features.indices {
                let column = index % columns
                test.features[index] = (test.features[index] - mean[column]) / (std[column] > 0 ? std[column] : 1)
            }
        }
        self.train = train
        self.test = test
    }
}
