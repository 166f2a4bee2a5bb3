extension Dataset {
    /// The dataset as CSV text that ``init(csv:name:source:)`` reads back to the same samples: one row
    /// `feature,…,feature,label` per sample, features in Swift's shortest round-trip form, integer labels.
    ///
    /// The class count read back is the largest label + 1, which is this dataset's when some sample has the
    /// largest class (true of every dataset built from files).
    public var csvText: String {
        var text = ""
        for row in 0..<sampleCount {
            for j in 0..<featureCount {
                text += "\(features[row * featureCount + j]),"
            }
            text += "\(labels[row])\n"
        }
        return text
    }
}
