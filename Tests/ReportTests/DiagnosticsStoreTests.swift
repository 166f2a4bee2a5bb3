import Diagnostics
import Foundation
import GRDB
import Sweep
import Testing

@testable import Store

@Suite("Store: diagnostics")
struct DiagnosticsStoreTests {
    @Test("diagnostics are stored with their result and read back bit for bit, in task order and in batches")
    func roundTrip() throws {
        let fixture = try Fixture(diagnostics: true)
        let icCount = fixture.definition.ensemble.ics
        let stored = try fixture.store.results(icCount: icCount)
        #expect(stored == fixture.results)
        for (got, sent) in zip(stored, fixture.results) {
            #expect(got.diagnostics?.benettin.map(\.bitPattern) == sent.diagnostics?.benettin.map(\.bitPattern))
            #expect(got.diagnostics?.runningMeanLoss.map(\.bitPattern) == sent.diagnostics?.runningMeanLoss.map(\.bitPattern))
        }
        let byID = try fixture.store.diagnostics(taskIDs: [0, 4])
        #expect(byID.keys.sorted() == [0, 4])
        #expect(byID[4] == fixture.results.first { $0.task.id(icCount: icCount) == 4 }?.diagnostics)
        var seen: [SweepTask] = []
        try fixture.store.forEachDiagnostics(icCount: icCount, batchSize: 4) { task, diagnostics in
            seen.append(task)
            #expect(diagnostics == fixture.results.first { $0.task == task }?.diagnostics)
        }
        #expect(seen == fixture.results.map(\.task).sorted { $0.id(icCount: icCount) < $1.id(icCount: icCount) })
    }

    @Test("a result without diagnostics stores none and reads back nil")
    func none() throws {
        let fixture = try Fixture()
        #expect(try fixture.store.diagnostics().isEmpty)
        #expect(try fixture.store.results(icCount: fixture.definition.ensemble.ics).allSatisfy { $0.diagnostics == nil })
    }

    @Test("a database made by migrations v1 and v2 opens, gains the diagnostics table and resumes the same sweep")
    func olderDatabase() throws {
        let fixture = try Fixture()
        let path = fixture.store.path
        // Turn the fresh database back into one made before v3: no diagnostics table, v3 not recorded.
        try fixture.store.pool.write { db in
            try db.execute(sql: "DROP TABLE diagnostics")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3'")
        }
        let reopened = try ResultStore(path: path)
        #expect(try reopened.pool.read { db in try db.tableExists("diagnostics") })
        #expect(try reopened.results(icCount: fixture.definition.ensemble.ics) == fixture.results)
        let sweep = Fixture.computed.sweep
        #expect(try reopened.beginRun(sweep: sweep, tasks: fixture.results.map(\.task), softwareVersion: "test") == false,
                "the same sweep resumes: its identity did not change with the new fields")
        #expect(try reopened.definition() == fixture.definition)
    }

    @Test("a sweep whose diagnostics or ghosts changed is refused, naming the changed fields")
    func changedDiagnosticsAreRefused() throws {
        let fixture = try Fixture()
        var changed = Fixture.computed.sweep
        changed.text += "\n[model]\nghosts = 2\n[diagnostics]\nspectrum = 3\n"
        changed.definition = try SweepFile.parse(text: changed.text, path: changed.path)
        #expect {
            try fixture.store.beginRun(sweep: changed, tasks: fixture.results.map(\.task), softwareVersion: "test")
        } throws: { error in
            let message = "\(error)"
            return message.contains("model.ghosts: (absent) → 2") && message.contains("diagnostics.spectrumSize: (absent) → 3")
        }
    }
}
