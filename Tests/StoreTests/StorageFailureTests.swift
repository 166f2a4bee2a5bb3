import Foundation
import GRDB
@testable import Store
import Testing

@Suite("A full or failing disk: errors that name the database and say what to do")
struct StorageFailureTests {
    @Test("A full disk (SQLITE_FULL) fails the batch with an error naming the file; nothing of it is stored")
    func diskFull() throws {
        let fixture = try StoreFixture(steps: 200)
        let store = try fixture.makeStore()
        defer { try? store.close() }
        // SQLite reports SQLITE_FULL when the file would grow past max_page_count, as when the disk is full.
        try store.pool.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        let error = try #require(throws: StoreError.self) {
            try store.storeResults(fixture.tasks.map { fixture.submission($0) })
        }
        #expect(error.description.contains("cannot write to \(fixture.databasePath): the disk is full"))
        #expect(error.description.contains("Free space"))
        #expect(error.description.contains("resumes"))
        #expect(try store.resultCount() == 0)
    }

    @Test("An I/O error names the file; other errors pass unchanged")
    func ioError() {
        let mapped = StoreError.mapping(DatabaseError(resultCode: .SQLITE_IOERR_FSYNC, message: "disk I/O error"), path: "/data/run.sqlite")
        let description = (mapped as? StoreError)?.description ?? ""
        #expect(description.contains("cannot read or write /data/run.sqlite"))
        #expect(description.contains("resumes"))
        let busy = StoreError.mapping(DatabaseError(resultCode: .SQLITE_BUSY), path: "/data/run.sqlite")
        #expect((busy as? DatabaseError)?.resultCode == .SQLITE_BUSY)
    }
}
