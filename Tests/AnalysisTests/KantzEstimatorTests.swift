import Foundation
import TestSupport
import Testing

@testable import Analysis

@Suite("Kantz exponent of a scalar series")
struct KantzEstimatorTests {
    /// m = 2, τ = 1, r = 0.001 std, K = 8: the neighbourhoods are small enough that S(k) stays linear up to K.
    let estimator = KantzEstimator(embedding: 2, delay: 1, radius: 0.001, steps: 8)

    @Test("a 10⁴-point logistic series gives ln 2 within 10%")
    func logisticExponent() throws {
        let series = logistic()
        let exponent = try #require(estimator.exponent(of: series))
        let error = abs(exponent - log(2)) / log(2)
        #expect(error < 0.10, "exponent \(exponent), relative error \(error)")
    }

    @Test("the shuffled surrogates of a chaotic series are rejected at p < 0.05")
    func surrogateRejection() throws {
        let result = try #require(estimator.test(logistic(), surrogates: 99, streamPath: [1, 2, 0]))
        #expect(result.pValue < 0.05, "p = \(result.pValue), exponent \(result.exponent)")
        #expect(result.divergence.count == 9)
    }

    @Test("a constant or too short series has no exponent")
    func degenerateSeries() {
        #expect(estimator.exponent(of: [Double](repeating: 0.5, count: 100)) == nil)
        #expect(estimator.exponent(of: [0.1, 0.2, 0.3]) == nil)
    }

    private func logistic() -> [Double] { logisticSeries(count: 10_000, start: 0.3) }
}
