import Analysis
import Foundation
import Store
import Sweep
import Testing

@Suite("Re-analysis of stored curves")
struct RefitTests {
    @Test("a refit with the run's own rule reproduces the stored fits bit for bit")
    func originalRuleReproduces() throws {
        let fixture = try Fixture()
        let stored = try fixture.store.fits()
        let results = try fixture.store.results(icCount: fixture.definition.ensemble.ics)
        let refits = ICFit.refits(of: results, definition: fixture.definition, fit: fixture.definition.fit)
        let id = try fixture.store.saveAnalysis(fit: fixture.definition.fit, description: "same rule", fits: refits, softwareVersion: "test")
        let reread = try fixture.store.fits(analysisID: id)
        #expect(reread.count == stored.count)
        for (a, b) in zip(reread, stored) {
            #expect(a == b)
            #expect(a.fit?.lambda.bitPattern == b.fit?.lambda.bitPattern)
            #expect(a.fit?.rSquared.bitPattern == b.fit?.rSquared.bitPattern)
        }
    }

    @Test("a fixed-window refit gives the least-squares slope of ln⟨d⟩ over that window, and is stored with its parameters")
    func fixedWindowIsLeastSquares() throws {
        let fixture = try Fixture()
        var fit = fixture.definition.fit
        fit.window = .fixed(start: 10, end: 40)
        fit.filter.minRSquared = 0.5
        let results = try fixture.store.results(icCount: fixture.definition.ensemble.ics)
        let refits = ICFit.refits(of: results, definition: fixture.definition, fit: fit)
        let id = try fixture.store.saveAnalysis(fit: fit, description: "fixed", fits: refits, softwareVersion: "test")
        #expect(try fixture.store.analyses().map(\.id) == [0, id])
        #expect(try fixture.store.analyses().last?.fit == fit)
        var checked = 0
        for stored in try fixture.store.fits(analysisID: id) {
            let result = results.first { $0.task.icIndex == stored.icIndex && $0.task.etaIndex == stored.etaIndex }!
            let curve = result.ensemble.curves[stored.epsilonIndex]
            guard !curve.diverged, curve.meanDistance.count > 40 else { continue }
            let steps = Array(10...40)
            let direct = LinearFit.leastSquares(x: steps.map(Double.init), y: steps.map { Foundation.log(curve.meanDistance[$0]) })!
            #expect(stored.fit?.lambda == direct.slope)
            #expect(stored.fit?.rSquared == direct.rSquared)
            #expect(stored.fit?.window == FitWindow(start: 10, length: 31))
            #expect(stored.verdict == fit.filter.verdict(for: stored.fit, diverged: false))
            checked += 1
        }
        #expect(checked > 0)
    }
}
