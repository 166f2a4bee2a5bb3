import Analysis
import Dynamics
import Foundation
import GRDB
import Store
import Sweep
import Testing

@Suite("Store: curve resolutions and the tangent curve")
struct CurveResolutionTests {
    /// The fixture's result of `task` with a resolution on every ε curve and the tangent curve (ε = 0) appended.
    func submission(_ fixture: StoreFixture, _ task: SweepTask) -> ResultSubmission {
        var submission = fixture.submission(task)
        for index in submission.result.ensemble.curves.indices {
            submission.result.ensemble.curves[index].resolution = 2.5 + Double(index)
        }
        let tangent = DivergenceCurve(epsilon: 0, meanDistance: submission.result.ensemble.curves[0].meanDistance.map { $0 * 3 },
                                      memberDistances: nil, divergedMembers: 0, divergedAt: nil)
        submission.result.ensemble.curves.append(tangent)
        var fit = submission.fits[0]
        fit.epsilonIndex = submission.fits.count
        fit.epsilon = 0
        submission.fits[0].verdict = .unresolved
        submission.fits.append(fit)
        return submission
    }

    @Test("resolutions, the tangent curve and unresolved verdicts read back exactly")
    func roundTrip() throws {
        let fixture = try StoreFixture(ics: 2, etaCount: 1, epsilonCount: 2)
        let store = try fixture.makeStore()
        let submissions = fixture.tasks.map { submission(fixture, $0) }
        try store.storeResults(submissions)
        let results = try store.results(icCount: 2)
        #expect(results == submissions.map(\.result))
        #expect(results[0].ensemble.curves.map(\.resolution) == [2.5, 3.5, nil])
        let fits = try store.fits()
        #expect(fits.filter { $0.icIndex == 0 }.map(\.verdict) == [.unresolved, .kept, .kept])
        try store.close()
    }

    @Test("a database written before resolutions were stored still reads: its curves have none")
    func olderDatabase() throws {
        let fixture = try StoreFixture(ics: 2, etaCount: 1, epsilonCount: 2)
        let store = try fixture.makeStore()
        try store.storeResults(fixture.tasks.map { fixture.submission($0) })
        try store.close()
        // Take the database back to the schema before the column existed.
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE curve DROP COLUMN resolution")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'curve resolution'")
        }
        try queue.close()
        let reader = try ResultStore(path: fixture.databasePath, mode: .readOnly)
        let results = try reader.results(icCount: 2)
        #expect(results.count == 2 && results.allSatisfy { $0.ensemble.curves.allSatisfy { $0.resolution == nil } })
        try reader.close()
        let upgraded = try ResultStore(path: fixture.databasePath)  // read-write: the column is added back
        #expect(try upgraded.results(icCount: 2) == results)
        try upgraded.close()
    }
}
