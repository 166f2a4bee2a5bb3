import Dynamics
import Foundation
import RandomStreams
import Testing

@testable import Diagnostics

@Suite("Lyapunov spectrum by QR")
struct LyapunovSpectrumEstimatorTests {
    @Test("Hénon map (a = 1.4, b = 0.3): (0.419, −1.62) within 2%, sum ln b within 1e-6")
    func henonMap() {
        let a = 1.4, b = 0.3
        var point = (x: 0.1, y: 0.1)
        var estimator = LyapunovSpectrumEstimator(initialVectors: [[1, 0], [0, 1]])
        for _ in 0..<100_000 {
            let x = point.x
            estimator.advance { v, product in
                product[0] = -2 * a * x * v[0] + v[1]
                product[1] = b * v[0]
            }
            point = (1 - a * x * x + point.y, b * x)
        }
        let exponents = estimator.exponents
        // Reference values: Sprott, Chaos and Time-Series Analysis (2003), table of Lyapunov exponents.
        let first = abs(exponents[0] - 0.41922) / 0.41922, second = abs(exponents[1] + 1.62319) / 1.62319
        #expect(first < 0.02, "λ₁ = \(exponents[0])")
        #expect(second < 0.02, "λ₂ = \(exponents[1])")
        #expect(abs(exponents[0] + exponents[1] - log(b)) < 1e-6, "sum \(exponents[0] + exponents[1])")
    }

    @Test("GD on ½wᵀHw with H a random rotation of known h_i: λ_i = ln|1 − ηh_i| within 1e-3", arguments: [1, 3])
    func quadraticLoss(qrEvery: Int) {
        let h = [0.05, 0.4, 1.1, 2.2, 2.9, 3.3]
        let eta = 0.8  // |1 − ηh| = 0.96, 0.68, 0.12, 0.76, 1.32, 1.64: two directions expand
        let d = h.count
        var stream = RandomStream(.dataSplit, [77])
        var rotation = (0..<d).map { _ in
            var column = [Double](repeating: 0, count: d)
            stream.fillGaussian(&column, standardDeviation: 1)
            return column
        }
        _ = LyapunovSpectrumEstimator.orthonormalise(&rotation)
        // H = Σ_i h_i q_i q_iᵀ with q_i the orthonormal columns.
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for r in 0..<d { for c in 0..<d { hessian[r][c] += h[i] * rotation[i][r] * rotation[i][c] } }
        }
        #expect(hessian[0][1] != 0)
        var estimator = LyapunovSpectrumEstimator(
            initialVectors: LyapunovSpectrumEstimator.spreadBasis(dimension: d, count: d), qrEvery: qrEvery)
        for _ in 0..<10_000 {
            estimator.advance { v, product in
                for r in 0..<d {
                    var hv = 0.0
                    for c in 0..<d { hv += hessian[r][c] * v[c] }
                    product[r] = v[r] - eta * hv
                }
            }
        }
        let expected = h.map { log(abs(1 - eta * $0)) }.sorted(by: >)
        for (measured, exact) in zip(estimator.exponents, expected) {
            #expect(abs(measured - exact) < 1e-3, "\(measured) vs ln|1 − ηh| = \(exact)")
        }
    }
}
