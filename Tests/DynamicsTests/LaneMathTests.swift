import Foundation
import RandomStreams
import Testing

@testable import DynamicsKernelPortable

@Suite("Vectorised exp and log")
struct LaneMathTests {
    /// The distance between a and b in units in the last place of b.
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        guard a.isFinite, b.isFinite else { return .infinity }
        return abs(a - b) / max(b.ulp, Double.leastNonzeroMagnitude)
    }

    /// `f` of every value, computed a ``Lanes`` at a time (the last one padded with the last value).
    func evaluate(_ f: (Lanes) -> Lanes, _ values: [Double]) -> [Double] {
        stride(from: 0, to: values.count, by: Lanes.scalarCount).flatMap { start in
            let count = min(Lanes.scalarCount, values.count - start)
            var x = Lanes(repeating: values.last!)
            for lane in 0..<count { x[lane] = values[start + lane] }
            let y = f(x)
            return (0..<count).map { y[$0] }
        }
    }

    /// Checks `values` lane block by lane block against Foundation; returns the worst error in ulp.
    func worstExpError(_ values: [Double]) -> Double {
        var worst = 0.0
        for start in stride(from: 0, to: values.count, by: Lanes.scalarCount) {
            var x = Lanes(repeating: 0)
            for lane in 0..<Lanes.scalarCount { x[lane] = values[min(start + lane, values.count - 1)] }
            let y = LaneMath.exp(x)
            for lane in 0..<Lanes.scalarCount { worst = max(worst, ulps(y[lane], Foundation.exp(x[lane]))) }
        }
        return worst
    }

    @Test("exp is within 2 ulp of Foundation.exp from −745 to 709.78, subnormal results included")
    func expAccuracy() {
        var stream = RandomStream(.dataSplit, [42])
        let uniform = (0..<200_000).map { _ in -745 + 1454.78 * stream.nextUnit() }
        let small = (0..<100_000).map { _ in 2 * stream.nextUnit() - 1 }
        let tiny = (0..<10_000).map { _ in 1e-300 * (2 * stream.nextUnit() - 1) }
        let grid = stride(from: -40.0, through: 40.0, by: 0.000_97).map { $0 }
        let worst = worstExpError(uniform + small + tiny + grid)
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test("exp at the edges: overflow, underflow, zero, infinities and NaN")
    func expSpecialValues() {
        let y = evaluate(LaneMath.exp, [0, -0.0, 709.78, 709.79, -745.2, .infinity, -.infinity, .nan])
        #expect(y[0] == 1 && y[1] == 1)
        #expect(y[2].isFinite && ulps(y[2], Foundation.exp(709.78)) <= 2)
        #expect(y[3] == .infinity)
        #expect(y[4] == 0)
        #expect(y[5] == .infinity && y[6] == 0 && y[7].isNaN)
    }

    @Test("log is within 1 ulp of Foundation.log on [1e-300, 1e300] and non-finite for +∞ and NaN")
    func logAccuracy() {
        var stream = RandomStream(.dataSplit, [43])
        var worst = 0.0
        for _ in 0..<(480_000 / Lanes.scalarCount) {
            var x = Lanes(repeating: 0)
            for lane in 0..<Lanes.scalarCount { x[lane] = Foundation.exp(1380 * stream.nextUnit() - 690) }
            let y = LaneMath.log(x)
            for lane in 0..<Lanes.scalarCount { worst = max(worst, ulps(y[lane], Foundation.log(x[lane]))) }
        }
        #expect(worst <= 1, "worst error \(worst) ulp")
        let special = evaluate(LaneMath.log, [1, 2, 3, 10, .infinity, .nan, 1e-300, 0.5])
        #expect(special[0] == 0 && !special[4].isFinite && special[5].isNaN)
    }

    @Test("e^−|x| is within 2 ulp of Foundation.exp for |x| ≤ 708 and e^−708 beyond, NaN staying NaN")
    func expNegativeMagnitudeAccuracy() {
        var stream = RandomStream(.dataSplit, [44])
        var worst = 0.0
        for _ in 0..<(320_000 / Lanes.scalarCount) {
            var x = Lanes(repeating: 0)
            for lane in 0..<Lanes.scalarCount { x[lane] = 1416 * stream.nextUnit() - 708 }
            let y = LaneMath.expNegativeMagnitude(x)
            for lane in 0..<Lanes.scalarCount { worst = max(worst, ulps(y[lane], Foundation.exp(-abs(x[lane])))) }
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        let edges = evaluate(LaneMath.expNegativeMagnitude, [0, -0.0, 750, -.infinity, .nan])
        #expect(edges[0] == 1 && edges[1] == 1)
        #expect(ulps(edges[2], Foundation.exp(-708)) <= 2 && edges[3] == edges[2] && edges[4].isNaN)
    }

    /// The worst error of an activation's lanes over 320,000 arguments in [−40, 40] and [−1500, 1500],
    /// against `exact` computed in Float80 and rounded once, in units of `unit(exact)`; checks `tiny`
    /// instead where the exact value is below 3.3e-308.
    func worstActivationError(
        _ apply: (Lanes) -> Lanes, seed: UInt64, exact: (Float80) -> Float80, unit: (Double) -> Double,
        tiny: (Double, Double) -> Void
    ) -> Double {
        var stream = RandomStream(.dataSplit, [seed])
        var worst = 0.0
        for block in 0..<(320_000 / Lanes.scalarCount) {
            var z = Lanes(repeating: 0)
            let range = block.isMultiple(of: 2) ? 40.0 : 1500.0
            for lane in 0..<Lanes.scalarCount { z[lane] = range * (2 * stream.nextUnit() - 1) }
            let a = apply(z)
            for lane in 0..<Lanes.scalarCount {
                let reference = Double(exact(Float80(z[lane])))
                if abs(reference) >= 3.3e-308 {
                    worst = max(worst, abs(a[lane] - reference) / unit(reference))
                } else {
                    tiny(a[lane], reference)
                }
            }
        }
        return worst
    }

    @Test("the sigmoid lanes are within 2 ulp of σ where σ ≥ 3.3e-308, within 3.4e-308 below")
    func sigmoidAccuracy() {
        let worst = worstActivationError(
            SigmoidLanes.apply, seed: 46, exact: { 1 / (1 + Foundation.exp(-$0)) }, unit: \.ulp
        ) { value, _ in #expect(value >= 0 && value <= 3.4e-308) }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test("the tanh lanes are within 2 ulp of 1 of tanh (an absolute error ≤ 4.5e-16) and odd")
    func tanhAccuracy() {
        let worst = worstActivationError(
            TanhLanes.apply, seed: 47, exact: { Foundation.tanh($0) }, unit: { _ in Double.ulpOfOne }
        ) { value, exact in #expect(value == exact) }
        #expect(worst <= 2, "worst error \(worst) ulp")
        let a = evaluate(TanhLanes.apply, [0.3, -0.3, 20, -20, 0, 1e-5, -1e-5])
        #expect(a[0] == -a[1] && a[2] == 1 && a[3] == -1 && a[4] == 0 && a[5] == -a[6])
    }
}
