import Foundation
import TestSupport
import Testing

@testable import Diagnostics

@Suite("Benettin running exponent")
struct BenettinEstimatorTests {
    @Test("the logistic map x → 4x(1 − x) gives ln 2 within 1%")
    func logisticMap() {
        let running = BenettinEstimator.runningExponent(
            initial: [0.3], direction: [1], delta0: 1e-9, steps: 100_000
        ) { x in x[0] = 4 * x[0] * (1 - x[0]) }
        #expect(running.count == 100_000)
        let error = abs(running.last! - log(2)) / log(2)
        #expect(error < 0.01, "λ̂(T) = \(running.last!), relative error \(error)")
    }

    @Test("a linear contraction gives its rate at every step and keeps the companion at δ₀")
    func linearContraction() {
        var estimator = BenettinEstimator(delta0: 1e-6)
        var reference = [1.0, -2.0]
        var companion = estimator.companion(of: reference, direction: [3, 4])
        for _ in 0..<5 {
            reference = reference.map { 0.5 * $0 }
            companion = companion.map { 0.5 * $0 }
            #expect(estimator.renormalise(reference: reference, companion: &companion))
            let separation = hypot(companion[0] - reference[0], companion[1] - reference[1])
            #expect(abs(separation - 1e-6) < 1e-15)
        }
        for value in estimator.running { #expect(abs(value - log(0.5)) < 1e-8) }
    }
}
