import Dynamics
import RandomStreams
import TestSupport
import Testing

@Suite("Jacobian-vector product of the GD map (exact Hessian-vector product)")
struct GradientDescentTangentTests {
    static let shapes: [[Int]] = [[4, 10, 3], [4, 8, 8, 3], [64, 32, 10]]

    @Test("J·v equals a central finite difference of one GD step to 1e-6 relative", arguments: shapes, Activation.allCases)
    func matchesFiniteDifference(layers: [Int], activation: Activation) {
        check(layers: layers, classes: layers.last!, activation: activation)
    }

    @Test("also with ghost output units", arguments: Activation.allCases)
    func withGhosts(activation: Activation) {
        check(layers: [4, 10, 5], classes: 3, activation: activation)
    }

    private func check(layers: [Int], classes: Int, activation: Activation) {
        let data = syntheticDataset(features: layers[0], classes: classes, samples: 23, seed: UInt64(layers.count))
        let architecture = NetworkArchitecture(layers: layers, activation: activation)
        var parameters = InitialCondition.draw(architecture: architecture, initStd: 0.7, sweepSeed: 5, icIndex: 1)
        for l in 0..<architecture.layerCount {
            for i in 0..<layers[l + 1] { parameters[architecture.biasOffset(layer: l) + i] = 0.1 * Double(i % 3) - 0.1 }
        }
        var stream = RandomStream(.dataSplit, [UInt64(layers.reduce(0, +))])
        var direction = [Double](repeating: 0, count: parameters.count)
        stream.fillGaussian(&direction, standardDeviation: 1)
        let eta = 1.0

        var curvature = GradientEvaluator.Curvature(architecture: architecture, data: data)
        var evaluator = GradientEvaluator(architecture: architecture, data: data)
        var gradient = direction
        let loss = curvature.expand(at: parameters)
        #expect(loss == evaluator.lossAndGradient(parameters, into: &gradient))
        var tangent = direction, hessianProduct = direction
        curvature.gradientDescentTangent(along: direction, learningRate: eta, into: &tangent)
        curvature.hessianVectorProduct(along: direction, into: &hessianProduct)

        // Central differences of one step g(W) = W − η∇L(W) and of the gradient, step h along v.
        let h = 1e-5
        var plus = parameters, minus = parameters
        for j in parameters.indices {
            plus[j] += h * direction[j]
            minus[j] -= h * direction[j]
        }
        var gradientPlus = gradient, gradientMinus = gradient
        _ = evaluator.lossAndGradient(plus, into: &gradientPlus)
        _ = evaluator.lossAndGradient(minus, into: &gradientMinus)
        let stepDifference = parameters.indices.map { j in
            ((plus[j] - eta * gradientPlus[j]) - (minus[j] - eta * gradientMinus[j])) / (2 * h)
        }
        let gradientDifference = parameters.indices.map { j in (gradientPlus[j] - gradientMinus[j]) / (2 * h) }
        let tangentError = relativeError(tangent, stepDifference)
        let hessianError = relativeError(hessianProduct, gradientDifference)
        #expect(tangentError < 1e-6, "J·v error \(tangentError) for \(layers) \(activation)")
        #expect(hessianError < 1e-6, "H·v error \(hessianError) for \(layers) \(activation)")
    }
}
