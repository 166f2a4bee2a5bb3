import Dynamics
import RandomStreams

/// A small random classification set for derivative checks.
func syntheticDataset(features: Int, classes: Int, samples: Int, seed: UInt64) -> Dataset {
    var stream = RandomStream(.dataSplit, [seed, 99])
    var values = [Double](repeating: 0, count: features * samples)
    stream.fillGaussian(&values, standardDeviation: 1.5)
    let labels = (0..<samples).map { _ in stream.nextIndex(below: classes) }
    return Dataset(name: "synthetic", featureCount: features, classCount: classes, features: values, labels: labels)
}

/// The bundled Iris set split as a default sweep does: 120 training samples, split seed 0, raw features.
func irisTrainingSplit() throws -> Dataset {
    let iris = try BundledDataset.iris.load()
    return DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: false).train
}

/// ‖a − b‖₂ / ‖b‖₂.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var difference = 0.0, scale = 0.0
    for j in a.indices {
        difference += (a[j] - b[j]) * (a[j] - b[j])
        scale += b[j] * b[j]
    }
    return (difference / scale).squareRoot()
}
