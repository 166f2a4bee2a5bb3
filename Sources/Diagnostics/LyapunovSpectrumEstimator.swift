import Foundation

/// The k largest Lyapunov exponents of a map, from k tangent vectors propagated by its Jacobian and
/// re-orthonormalised by QR.
///
/// Each step replaces every tangent vector u_i by J(x_t) u_i, where x_t is the point the map is
/// linearised at (the caller supplies the Jacobian-vector product at the current point). Every
/// `qrEvery` steps the vectors are orthonormalised by modified Gram–Schmidt, U = Q R, and ln R_ii is
/// accumulated; after t steps
///
///     λ_i ≈ (1/t) Σ_{QRs} ln R_ii,   i = 1 … k,
///
/// in the order of the vectors, which for a generic start is decreasing once the vectors have aligned
/// with the Oseledets subspaces. The sum of all d exponents of a d-dimensional map is the mean of
/// ln |det J| over the trajectory.
public struct LyapunovSpectrumEstimator: Sendable {
    /// Steps between QR re-orthonormalisations (≥ 1).
    public let qrEvery: Int
    /// The current tangent vectors (orthonormal right after a QR).
    public private(set) var vectors: [[Double]]
    /// Map steps advanced so far.
    public private(set) var steps = 0
    private var logSums: [Double]
    /// The vectors of the next step, computed here first so that a failed step changes nothing.
    private var advanced: [[Double]]

    /// Creates an estimator from k initial tangent vectors, which are orthonormalised at once.
    ///
    /// - Precondition: at least one vector, all of one dimension, linearly independent; `qrEvery ≥ 1`.
    public init(initialVectors: [[Double]], qrEvery: Int = 1) {
        precondition(!initialVectors.isEmpty, "need at least one tangent vector")
        precondition(initialVectors.allSatisfy { $0.count == initialVectors[0].count }, "vectors of one dimension")
        precondition(qrEvery >= 1, "qrEvery must be at least 1")
        self.qrEvery = qrEvery
        vectors = initialVectors
        logSums = [Double](repeating: 0, count: initialVectors.count)
        advanced = initialVectors
        _ = Self.orthonormalise(&vectors)
    }

    /// The first `count` vectors of the orthonormal DCT-II basis of ℝ^dimension,
    /// u_0[j] = 1/√d and u_i[j] = √(2/d) cos(π i (j + ½)/d): deterministic starting vectors that involve
    /// every coordinate.
    ///
    /// - Precondition: `1 ≤ count ≤ dimension`.
    public static func spreadBasis(dimension: Int, count: Int) -> [[Double]] {
        precondition(count >= 1 && count <= dimension, "need 1 ≤ count ≤ dimension")
        let d = Double(dimension)
        return (0..<count).map { i in
            (0..<dimension).map { j in
                i == 0 ? 1 / d.squareRoot()
                    : (2 / d).squareRoot() * Foundation.cos(Double.pi * Double(i) * (Double(j) + 0.5) / d)
            }
        }
    }

    /// Advances every tangent vector by one step of the linearised map, u_i ← J u_i, and
    /// re-orthonormalises when `qrEvery` steps have passed since the last QR.
    ///
    /// - Parameter jacobianProduct: Writes J(x_t)·u (second argument) for a vector u (first argument).
    /// - Returns: `false` if a vector became non-finite or degenerate; the estimator is then unchanged
    ///   from before this step and should not be advanced further.
    @discardableResult
    public mutating func advance(_ jacobianProduct: (_ vector: [Double], _ product: inout [Double]) -> Void) -> Bool {
        for i in vectors.indices {
            jacobianProduct(vectors[i], &advanced[i])
            guard advanced[i].allSatisfy(\.isFinite) else { return false }
        }
        if (steps + 1) % qrEvery == 0 {
            let logs = Self.orthonormalise(&advanced)
            guard logs.allSatisfy(\.isFinite) else { return false }
            for i in logSums.indices { logSums[i] += logs[i] }
        }
        swap(&vectors, &advanced)
        steps += 1
        return true
    }

    /// The exponents after the steps so far, (1/t) Σ ln R_ii, including the stretch since the last QR;
    /// empty before the first step.
    public var exponents: [Double] {
        guard steps > 0 else { return [] }
        var sums = logSums
        if steps % qrEvery != 0 {
            var pending = vectors
            let logs = Self.orthonormalise(&pending)
            for i in sums.indices { sums[i] += logs[i] }
        }
        return sums.map { $0 / Double(steps) }
    }

    /// Modified Gram–Schmidt in place: the vectors become the columns of Q; returns ln R_ii.
    static func orthonormalise(_ vectors: inout [[Double]]) -> [Double] {
        var logs: [Double] = []
        logs.reserveCapacity(vectors.count)
        for i in vectors.indices {
            for k in 0..<i {
                var projection = 0.0
                for j in vectors[i].indices { projection += vectors[k][j] * vectors[i][j] }
                for j in vectors[i].indices { vectors[i][j] -= projection * vectors[k][j] }
            }
            let norm = BenettinEstimator.euclideanNorm(vectors[i])
            logs.append(Foundation.log(norm))
            for j in vectors[i].indices { vectors[i][j] /= norm }
        }
        return logs
    }
}
