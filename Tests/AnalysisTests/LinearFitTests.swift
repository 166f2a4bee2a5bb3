import Testing

@testable import Analysis

@Suite("Ordinary least squares")
struct LinearFitTests {
    @Test("an exact line is recovered with R² = 1")
    func exactLine() throws {
        let x = [0, 1.5, 4, 7]
        let fit = try #require(LinearFit.leastSquares(x: x, y: x.map { 3 - 2 * $0 }))
        #expect(abs(fit.slope + 2) < 1e-15)
        #expect(abs(fit.intercept - 3) < 1e-14)
        #expect(abs(fit.rSquared - 1) < 1e-15)
        #expect(fit.pointCount == 4)
    }

    @Test("an exact line far from x = 0 keeps its slope (centred sums)")
    func exactLineFarFromOrigin() throws {
        let x = (0..<50).map { 1e6 + Double($0) }
        let fit = try #require(LinearFit.leastSquares(x: x, y: x.map { 0.25 * ($0 - 1e6) - 32 }))
        #expect(abs(fit.slope - 0.25) < 1e-12)
        #expect(abs(fit.rSquared - 1) < 1e-12)
    }

    @Test("noisy points match the hand computation: slope 11/10, intercept 11/10, R² 121/175")
    func noisyPoints() throws {
        // x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, Syy = 8.75.
        let fit = try #require(LinearFit.leastSquares(x: [0, 1, 2, 3], y: [1, 3, 2, 5]))
        #expect(abs(fit.slope - 1.1) < 1e-15)
        #expect(abs(fit.intercept - 1.1) < 1e-15)
        #expect(abs(fit.rSquared - 121.0 / 175.0) < 1e-15)
    }

    @Test("fewer than 2 points, or all x equal, give no fit")
    func degenerate() {
        #expect(LinearFit.leastSquares(x: [], y: []) == nil)
        #expect(LinearFit.leastSquares(x: [1], y: [2]) == nil)
        #expect(LinearFit.leastSquares(x: [2, 2, 2], y: [1, 2, 3]) == nil)
    }

    @Test("a flat y has slope 0 and R² 0")
    func flat() throws {
        let fit = try #require(LinearFit.leastSquares(x: [0, 1, 2], y: [-5, -5, -5]))
        #expect(fit.slope == 0 && fit.intercept == -5 && fit.rSquared == 0)
    }
}
