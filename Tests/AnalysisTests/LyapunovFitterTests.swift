import Foundation
import Testing

@testable import Analysis

@Suite("Fitting Λ on a window of ln⟨d⟩(t)")
struct LyapunovFitterTests {
    static let grid = WindowRule.grid(GridWindowSearch())
    static let anchored = WindowRule.anchored(AnchoredWindowSearch())

    @Test("grid, noise-free d0·e^{Λt} then constant: Λ to 1e-9, window inside the exponential phase")
    func gridNoiseFree() throws {
        // Every window inside 0…τ is an exact line (R² = 1 up to rounding); any window past τ has a kink
        // and an R² visibly below 1, so the chosen window ends at most at τ + 1 (the last exact point is τ).
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 60)
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid))
        #expect(abs(fit.lambda - 0.2) < 1e-9)
        #expect(abs(fit.intercept - log(1e-10)) < 1e-9)
        #expect(fit.window.end <= 61)
        #expect(fit.rSquared > 1 - 1e-12)
    }

    @Test("grid, noisy flat start then growth then saturation: window within one grid step of the phase",
          arguments: 1...6 as ClosedRange<UInt64>)
    func gridFindsThePhase(seed: UInt64) throws {
        // Noise ±1e-3 on ln⟨d⟩: inside the phase 1 − R² ≈ 12σ²/(Λ²ℓ²) falls as the window grows, while one
        // flat point a step beyond either kink costs a residual ~Λ² = 0.04 ≫ σ². So the best window is the
        // longest one on the grid inside [onset, τ]: its ends lie within one grid step (5) of onset and τ.
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, onset: 10, tau: 70, noise: 1e-3, seed: seed)
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid))
        #expect(fit.window.start >= 10 && fit.window.start <= 15)
        #expect(fit.window.end >= 65 && fit.window.end <= 71)
        #expect(abs(fit.lambda - 0.2) < 1e-4)
        #expect(fit.rSquared > 0.9999)
    }

    @Test("anchored, noise-free: Λ to 1e-9 and the window stops at the kink")
    func anchoredNoiseFree() throws {
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 60)
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored))
        #expect(abs(fit.lambda - 0.2) < 1e-9)
        #expect(fit.window.start == 0 && fit.window.end <= 61)
    }

    @Test("anchored, noisy: never past the kink, at most a few steps short of it", arguments: 1...6 as ClosedRange<UInt64>)
    func anchoredFindsThePhase(seed: UInt64) throws {
        // Past τ a flat point costs ≫ σ² (as for the grid), so t_b ≤ τ, i.e. end ≤ τ + 1. Below τ the R²
        // curve is flat to within the noise (each step changes 1 − R² by ~2/ℓ relative, comparable to one
        // point's noise), so the maximum may sit a few steps early: allow 5.
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 80, noise: 1e-3, seed: seed)
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored))
        #expect(fit.window.start == 0)
        #expect(fit.window.end >= 76 && fit.window.end <= 81)
        #expect(abs(fit.lambda - 0.2) < 1e-4)
    }

    @Test("anchored averages a flat start into Λ; grid does not")
    func anchoredIncludesFlatStart() throws {
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, onset: 20, tau: 90, noise: 1e-3, seed: 7)
        let anchored = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored))
        let grid = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid))
        #expect(anchored.lambda < 0.19)
        #expect(abs(grid.lambda - 0.2) < 1e-4)
    }

    @Test("fixed equals a direct least-squares fit of the same points, bit for bit")
    func fixedMatchesLeastSquares() throws {
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.3, onset: 5, tau: 50, noise: 1e-2, seed: 11)
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 8, end: 47)))
        let steps = Array(8...47)
        let line = try #require(LinearFit.leastSquares(x: steps.map(Double.init), y: steps.map { log(curve[$0]) }))
        #expect(fit == LyapunovFit(lambda: line.slope, intercept: line.intercept, rSquared: line.rSquared,
                                   window: FitWindow(start: 8, length: 40)))
    }

    @Test("fixed is clipped to the curve and needs 3 valid points")
    func fixedEdges() throws {
        let curve = SyntheticCurve.piecewise(count: 30, lambda: 0.2, tau: 100)
        let clipped = try #require(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 20, end: 200)))
        #expect(clipped.window == FitWindow(start: 20, length: 10))
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 5, end: 6)) == nil)
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 28, end: 40)) == nil)
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 9, end: 3)) == nil)
    }

    @Test("windows holding a zero, negative or non-finite ⟨d⟩ are skipped", arguments: [0, -1, Double.nan, .infinity])
    func invalidDistanceSkipsWindow(bad: Double) throws {
        var curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 150)
        curve[3] = bad
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid))
        #expect(fit.window.start >= 5)
        #expect(abs(fit.lambda - 0.2) < 1e-9)
        let anchoredAcross = LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored)
        #expect(anchoredAcross == nil)
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 0, end: 10)) == nil)
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 4, end: 10)) != nil)
    }

    @Test("a curve shorter than the windows (diverged early) is fitted on the steps that exist")
    func shortCurve() throws {
        // 42 steps: every ℓ ≥ 45 at start 0 clips to 0..<42; the reported length is the 42 steps fitted.
        let curve = SyntheticCurve.piecewise(count: 42, lambda: 0.2, tau: 100, noise: 1e-3, seed: 13)
        let grid = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid))
        #expect(grid.window == FitWindow(start: 0, length: 42))
        #expect(abs(grid.lambda - 0.2) < 1e-3)
        let anchored = try #require(LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored))
        #expect(anchored.window.start == 0 && anchored.window.end <= 42)
    }

    @Test("too short, empty or all-zero curves have no window")
    func noWindow() {
        for curve in [[], [1e-3, 2e-3], [Double](repeating: 0, count: 201)] {
            #expect(LyapunovFitter.fit(meanDistance: curve, rule: Self.grid) == nil)
            #expect(LyapunovFitter.fit(meanDistance: curve, rule: Self.anchored) == nil)
        }
        // The grid's shortest nominal window is 30 steps, but clipped to a 3-step curve it is still valid.
        #expect(LyapunovFitter.fit(meanDistance: [1, 2, 4], rule: Self.grid)?.window == FitWindow(start: 0, length: 3))
        #expect(LyapunovFitter.fit(meanDistance: [1, 2, 4], rule: Self.anchored)?.window == FitWindow(start: 0, length: 3))
    }

    @Test("ties: grid keeps the first candidate, anchored the longest")
    func ties() throws {
        // A constant ⟨d⟩ has zero variance of ln⟨d⟩, so every candidate has R² = 0 exactly.
        let flat = [Double](repeating: 1e-8, count: 201)
        let grid = try #require(LyapunovFitter.fit(meanDistance: flat, rule: Self.grid))
        #expect(grid.window == FitWindow(start: 0, length: 30) && grid.rSquared == 0 && grid.lambda == 0)
        let anchored = try #require(LyapunovFitter.fit(meanDistance: flat, rule: Self.anchored))
        #expect(anchored.window == FitWindow(start: 0, length: 201))
    }

    @Test("searches with a non-positive step or an empty range have no candidates")
    func emptySearches() {
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 60)
        let rules: [WindowRule] = [
            .grid(GridWindowSearch(startStep: 0)), .grid(GridWindowSearch(lengthStep: -5)),
            .grid(GridWindowSearch(startMin: 50, startMax: 40)), .anchored(AnchoredWindowSearch(endStep: 0)),
            .anchored(AnchoredWindowSearch(endMin: 20, endMax: 10)),
        ]
        for rule in rules {
            #expect(LyapunovFitter.fit(meanDistance: curve, rule: rule) == nil)
        }
    }

    @Test("huge bounds and steps neither overflow nor trap")
    func hugeSearch() throws {
        let curve = SyntheticCurve.piecewise(count: 201, lambda: 0.2, tau: 60)
        let grid = WindowRule.grid(GridWindowSearch(startMin: 0, startMax: .max, startStep: .max,
                                                    lengthMin: 30, lengthMax: .max, lengthStep: .max))
        let fit = try #require(LyapunovFitter.fit(meanDistance: curve, rule: grid))
        #expect(fit.window == FitWindow(start: 0, length: 30))
        let anchored = WindowRule.anchored(AnchoredWindowSearch(endMin: 10, endMax: .max, endStep: .max - 5))
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: anchored)?.window.end == 11)
        #expect(LyapunovFitter.fit(meanDistance: curve, rule: .fixed(start: 0, end: .max))?.window.end == 201)
    }

    @Test("window rules round-trip through JSON")
    func codable() throws {
        let rules: [WindowRule] = [Self.grid, Self.anchored, .fixed(start: 3, end: 40)]
        let decoded = try JSONDecoder().decode([WindowRule].self, from: JSONEncoder().encode(rules))
        #expect(decoded == rules)
    }
}
