import Foundation

/// A labelled classification dataset: feature rows and an integer class per row.
///
/// Features are stored row-major in one array (`features[row * featureCount + column]`);
/// labels are class indices in `0..<classCount`.
public struct Dataset: Hashable, Sendable {
    /// A short name used in reports (`"iris"`, `"digits"` or the CSV file name).
    public var name: String
    /// Number of features per sample.
    public var featureCount: Int
    /// Number of classes; every label is below it.
    public var classCount: Int
    /// Row-major features, `sampleCount × featureCount`.
    public var features: [Double]
    /// The class index of each sample.
    public var labels: [Int]

    /// Number of samples (rows).
    public var sampleCount: Int { labels.count }

    /// Creates a dataset from row-major features and labels.
    ///
    /// - Precondition: `features.count == labels.count * featureCount` and every label is in `0..<classCount`.
    public init(name: String, featureCount: Int, classCount: Int, features: [Double], labels: [Int]) {
        precondition(features.count == labels.count * featureCount, "feature array does not match the label count")
        precondition(labels.allSatisfy { (0..<classCount).contains($0) }, "label outside 0..<classCount")
        self.name = name
        self.featureCount = featureCount
        self.classCount = classCount
        self.features = features
        self.labels = labels
    }

    /// The samples at the given row indices, in that order.
    public func rows(_ indices: [Int]) -> Dataset {
        var selected: [Double] = []
        selected.reserveCapacity(indices.count * featureCount)
        for row in indices {
            selected.append(contentsOf: features[(row * featureCount)..<((row + 1) * featureCount)])
        }
        return Dataset(
            name: name, featureCount: featureCount, classCount: classCount,
            features: selected, labels: indices.map { labels[$0] })
    }
}

/// The datasets shipped with lyapsweep (see the README for sources and licences).
public enum BundledDataset: String, CaseIterable, Sendable {
    /// Fisher's Iris: 150 samples, 4 features (centimetres), 3 classes.
    case iris
    /// The UCI 8×8 optical digits: 1797 samples, 64 features (0–16), 10 classes.
    case digits

    /// Loads the bundled CSV.
    ///
    /// - Throws: ``DatasetError`` if the resource is missing from the build.
    public func load() throws -> Dataset {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: "csv") else {
            throw DatasetError(source: rawValue, line: nil, message: "the bundled file \(rawValue).csv is missing from this build")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try Dataset(csv: text, name: rawValue, source: "\(rawValue).csv")
    }
}
