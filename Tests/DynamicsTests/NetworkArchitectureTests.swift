import Testing

@testable import Dynamics

@Suite("Parameter layout")
struct NetworkArchitectureTests {
    @Test("[4, 10, 3] has 83 parameters, 70 of them weights, in canonical order")
    func irisLayout() {
        let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
        #expect(architecture.parameterCount == 83)
        #expect(architecture.weightOffset(layer: 0) == 0)
        #expect(architecture.biasOffset(layer: 0) == 40)
        #expect(architecture.weightOffset(layer: 1) == 50)
        #expect(architecture.biasOffset(layer: 1) == 80)
        let mask = architecture.weightMask
        #expect(mask.count == 83)
        #expect(mask.filter { $0 }.count == 70)
        #expect(!mask[40] && !mask[49] && mask[50] && !mask[80])
    }

    @Test("initial condition: N(0, σ²) weights, zero biases, depends only on (seed, k)")
    func initialCondition() {
        let architecture = NetworkArchitecture(layers: [64, 32, 10], activation: .tanh)
        let a = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 7, icIndex: 3)
        let b = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 7, icIndex: 3)
        let c = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 7, icIndex: 4)
        #expect(a == b)
        #expect(a != c)
        let mask = architecture.weightMask
        let weights = a.indices.filter { mask[$0] }.map { a[$0] }
        #expect(a.indices.filter { !mask[$0] }.allSatisfy { a[$0] == 0 })
        let mean = weights.reduce(0, +) / Double(weights.count)
        let variance = weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(weights.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
    }
}
