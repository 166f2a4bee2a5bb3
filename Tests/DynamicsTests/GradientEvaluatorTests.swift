import TestSupport
import Testing

@testable import Dynamics

@Suite("Analytic gradient")
struct GradientEvaluatorTests {
    static let shapes: [[Int]] = [[4, 10, 3], [3, 5, 4, 2], [6, 3], [64, 32, 10], [4, 8, 8, 3]]

    @Test("matches central finite differences to 1e-6 relative", arguments: shapes, Activation.allCases)
    func gradientMatchesFiniteDifferences(layers: [Int], activation: Activation) {
        let data = syntheticDataset(features: layers[0], classes: layers.last!, samples: 23, seed: UInt64(layers.count))
        let architecture = NetworkArchitecture(layers: layers, activation: activation)
        var parameters = InitialCondition.draw(architecture: architecture, initStd: 0.7, sweepSeed: 5, icIndex: 1)
        // Non-zero biases, so their gradient is exercised at a generic point.
        for l in 0..<architecture.layerCount {
            for i in 0..<layers[l + 1] { parameters[architecture.biasOffset(layer: l) + i] = 0.1 * Double(i % 3) - 0.1 }
        }
        var evaluator = GradientEvaluator(architecture: architecture, data: data)
        var gradient = [Double](repeating: 0, count: parameters.count)
        _ = evaluator.lossAndGradient(parameters, into: &gradient)

        let h = 1e-6
        var numeric = [Double](repeating: 0, count: parameters.count)
        var shifted = parameters
        for j in parameters.indices {
            shifted[j] = parameters[j] + h
            let plus = evaluator.loss(shifted)
            shifted[j] = parameters[j] - h
            let minus = evaluator.loss(shifted)
            shifted[j] = parameters[j]
            numeric[j] = (plus - minus) / (2 * h)
        }
        var differenceNorm = 0.0, scaleNorm = 0.0
        for j in parameters.indices {
            differenceNorm += (gradient[j] - numeric[j]) * (gradient[j] - numeric[j])
            scaleNorm += max(gradient[j] * gradient[j], numeric[j] * numeric[j])
        }
        let relative = (differenceNorm / scaleNorm).squareRoot()
        #expect(relative < 1e-6, "relative gradient error \(relative) for \(layers) \(activation)")
    }

    @Test("loss and lossAndGradient agree and the loss of a uniform softmax is ln C")
    func lossConsistency() {
        let data = syntheticDataset(features: 4, classes: 3, samples: 10, seed: 1)
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        var evaluator = GradientEvaluator(architecture: architecture, data: data)
        let zero = [Double](repeating: 0, count: architecture.parameterCount)
        var gradient = zero
        #expect(abs(evaluator.loss(zero) - Foundation_log(3)) < 1e-15)
        #expect(evaluator.lossAndGradient(zero, into: &gradient) == evaluator.loss(zero))
    }
}

import Foundation
private func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }
