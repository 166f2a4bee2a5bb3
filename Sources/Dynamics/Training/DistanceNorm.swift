/// How the distance between two parameter vectors is measured (docs/METHOD.md §2).
public enum DistanceNorm: String, CaseIterable, Hashable, Sendable, Codable {
    /// Σ_j |a_j − b_j| over all P parameters, biases included (the default).
    case l1
    /// (Σ_j (a_j − b_j)²)^½ over all P parameters.
    case l2

    /// The distance between `a` and `b`.
    public func distance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        switch self {
        case .l1:
            var sum = 0.0
            for j in a.indices { sum += abs(a[j] - b[j]) }
            return sum
        case .l2:
            var sum = 0.0
            for j in a.indices {
                let difference = a[j] - b[j]
                sum += difference * difference
            }
            return sum.squareRoot()
        }
    }
}
