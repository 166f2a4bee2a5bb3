import Analysis
import Foundation
import RandomStreams
import Testing

@testable import Dynamics

@Suite("Tangent propagation on gradient descent over a quadratic loss")
struct TangentPropagationTests {
    /// M = 5 directions of P parameters, uniform on [−1, 1) as the ensembles draw them.
    func directions(parameters: Int) -> [[Double]] {
        (0..<5).map { member in
            var stream = RandomStream(.perturbation, [11, 0, 0, UInt64(member)])
            return (0..<parameters).map { _ in stream.nextSymmetric(halfWidth: 1) }
        }
    }

    /// ⟨‖v‖⟩(t), t = 0 … steps, for GD on L(w) = ½ Σ_k h_k w_k², whose Jacobian is diag(1 − η h_k).
    func curve(curvatures: [Double], eta: Double, steps: Int, norm: DistanceNorm = .l1) -> [Double] {
        var tangent = TangentPropagation(directions: directions(parameters: curvatures.count), norm: norm)
        for t in 0...steps {
            let recorded = tangent.record()
            #expect(recorded)
            guard t < steps else { break }
            tangent.advance { vector, image in
                for k in vector.indices { image[k] = vector[k] - eta * curvatures[k] * vector[k] }
            }
        }
        return tangent.meanNorms
    }

    @Test("with one curvature h the fitted Λ is ln|1 − ηh| within 1e-9, growing, shrinking or flipping sign",
          arguments: [(0.5, 1.0), (2.5, 1.0), (1.9, 1.0), (0.3, 0.5), (30.0, 0.1)])
    func oneCurvature(h: Double, eta: Double) throws {
        for norm in DistanceNorm.allCases {
            let distances = curve(curvatures: [Double](repeating: h, count: 12), eta: eta, steps: 200, norm: norm)
            let fit = try #require(LyapunovFitter.fit(meanDistance: distances, rule: .fixed(start: 0, end: 200)))
            #expect(abs(fit.lambda - Foundation.log(abs(1 - eta * h))) < 1e-9)
            #expect(fit.rSquared > 1 - 1e-12)
        }
    }

    @Test("with several curvatures Λ tends to the largest ln|1 − ηh_k|: late windows within 1e-9, early ones not")
    func severalCurvatures() throws {
        let curvatures = [0.1, 0.5, 1.2, 2.3, 0.7, 1.6, 0.05, 0.9]  // |1 − h| at η = 1: largest 1.3 (h = 2.3)
        let distances = curve(curvatures: curvatures, eta: 1, steps: 300)
        let largest = curvatures.map { Foundation.log(abs(1 - $0)) }.max()!
        let late = try #require(LyapunovFitter.fit(meanDistance: distances, rule: .fixed(start: 150, end: 300)))
        let early = try #require(LyapunovFitter.fit(meanDistance: distances, rule: .fixed(start: 0, end: 10)))
        #expect(abs(late.lambda - largest) < 1e-9)
        #expect(abs(early.lambda - largest) > 1e-3, "the transient of the smaller curvatures shows early")
        #expect(abs(early.lambda - largest) > abs(late.lambda - largest))
    }

    @Test("renormalisation is exact: a curve growing to 1e176 has the bits of the unrenormalised propagation")
    func renormalisationIsExact() {
        let curvatures = [Double](repeating: 2.5, count: 6)
        let renormalised = curve(curvatures: curvatures, eta: 1, steps: 1000)
        var vectors = directions(parameters: 6)
        var plain: [Double] = []
        let zero = [Double](repeating: 0, count: 6)
        for t in 0...1000 {
            var sum = 0.0
            for vector in vectors { sum += DistanceNorm.l1.distance(vector, zero) }
            plain.append(sum / Double(vectors.count))
            guard t < 1000 else { break }
            for i in vectors.indices { vectors[i] = vectors[i].map { $0 - 2.5 * $0 } }
        }
        #expect(plain.last! > 1e170 && plain.last!.isFinite)
        #expect(renormalised.map(\.bitPattern) == plain.map(\.bitPattern))
    }

    @Test("beyond the Float64 range the curve is shifted by one power of two: finite everywhere, the same Λ")
    func neverOverflows() throws {
        let distances = curve(curvatures: [Double](repeating: 3, count: 4), eta: 1, steps: 1800)  // grows as 2^1800
        #expect(distances.allSatisfy { $0.isFinite && $0 > 0 })
        let fit = try #require(LyapunovFitter.fit(meanDistance: distances, rule: .fixed(start: 0, end: 1800)))
        #expect(abs(fit.lambda - Foundation.log(2)) < 1e-9)
        let shrinking = curve(curvatures: [Double](repeating: 1.5, count: 4), eta: 1, steps: 1800)  // as 2^−1800
        #expect(shrinking.allSatisfy { $0.isFinite && $0 > 0 })
    }
}
