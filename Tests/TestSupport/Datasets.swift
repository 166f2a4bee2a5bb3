import Dynamics
import RandomStreams

/// A small random classification set for derivative checks: Gaussian features (standard deviation 1.5) and
/// uniform labels, both from the stream (``StreamPurpose/dataSplit``, [seed, 99]).
public func syntheticDataset(features: Int, classes: Int, samples: Int, seed: UInt64) -> Dataset {
    var stream = RandomStream(.dataSplit, [seed, 99])
    var values = [Double](repeating: 0, count: features * samples)
    stream.fillGaussian(&values, standardDeviation: 1.5)
    let labels = (0..<samples).map { _ in stream.nextIndex(below: classes) }
    return Dataset(name: "synthetic", featureCount: features, classCount: classes, features: values, labels: labels)
}

/// The bundled Iris set split as a default sweep does: 120 training samples, split seed 0, raw features.
public func irisTrainingSplit() throws -> Dataset {
    let iris = try BundledDataset.iris.load()
    return DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: false).train
}
