import Testing

@testable import Analysis

@Suite("The kept/dropped filter")
struct FitFilterTests {
    static let filter = FitFilter()

    static func fit(lambda: Double, rSquared: Double) -> LyapunovFit {
        LyapunovFit(lambda: lambda, intercept: -20, rSquared: rSquared, window: FitWindow(start: 0, length: 50))
    }

    @Test("R² > 0.9 and Λ > 0.05 is kept")
    func kept() {
        #expect(Self.filter.verdict(for: Self.fit(lambda: 0.2, rSquared: 0.95), diverged: false) == .kept)
        #expect(Self.filter.verdict(for: Self.fit(lambda: 0.050_000_000_000_001, rSquared: 0.900_000_000_000_001),
                                    diverged: false) == .kept)
    }

    @Test("R² at or below the threshold is a poor fit, checked before Λ", arguments: [0.9, 0.5, 0, Double.nan])
    func poorFit(rSquared: Double) {
        #expect(Self.filter.verdict(for: Self.fit(lambda: 0.2, rSquared: rSquared), diverged: false) == .poorFit)
        #expect(Self.filter.verdict(for: Self.fit(lambda: -1, rSquared: rSquared), diverged: false) == .poorFit)
    }

    @Test("Λ at or below the threshold is below_min_lambda", arguments: [0.05, 0.01, 0, -0.3, Double.nan])
    func belowMinLambda(lambda: Double) {
        #expect(Self.filter.verdict(for: Self.fit(lambda: lambda, rSquared: 0.99), diverged: false) == .belowMinLambda)
    }

    @Test("no fit is no window; divergence wins over everything")
    func noWindowAndDiverged() {
        #expect(Self.filter.verdict(for: nil, diverged: false) == .noWindow)
        #expect(Self.filter.verdict(for: nil, diverged: true) == .diverged)
        #expect(Self.filter.verdict(for: Self.fit(lambda: 0.2, rSquared: 0.99), diverged: true) == .diverged)
    }

    @Test("custom thresholds apply")
    func customThresholds() {
        let loose = FitFilter(minRSquared: 0.5, minLambda: -1)
        #expect(loose.verdict(for: Self.fit(lambda: -0.5, rSquared: 0.6), diverged: false) == .kept)
    }

    @Test("verdict spellings are stable")
    func rawValues() {
        #expect(FitVerdict.allCases.map(\.rawValue) == ["kept", "poor_fit", "below_min_lambda", "diverged", "no_window", "unresolved"])
    }

    @Test("the spelling of earlier databases, non_positive, reads as below_min_lambda")
    func legacySpelling() {
        #expect(FitVerdict(stored: "non_positive") == .belowMinLambda)
        #expect(FitVerdict(stored: "poor_fit") == .poorFit)
    }
}
