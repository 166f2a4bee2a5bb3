import Foundation
import GRDB
@testable import Store
import Testing

@Suite("Which files the store opens: foreign databases refused unchanged, read-only opens that never write")
struct DatabaseFileTests {
    /// Creates another program's SQLite database (rollback journal, or WAL) at `path`.
    private func makeForeignDatabase(at path: String, wal: Bool = false) throws {
        var configuration = Configuration()
        configuration.journalMode = wal ? .wal : .default
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO player (name) VALUES ('Ann')")
        }
        try queue.close()
    }

    @Test("Another program's database is refused, naming it, and left byte for byte as it was", arguments: [false, true])
    func refusesForeignDatabase(wal: Bool) throws {
        let fixture = try StoreFixture()
        try makeForeignDatabase(at: fixture.databasePath, wal: wal)
        let before = StoreFixture.bytes(of: fixture.databasePath)
        for mode in [ResultStore.AccessMode.readWrite, .readOnly] {
            let error = try #require(throws: StoreError.self) { try ResultStore(path: fixture.databasePath, mode: mode) }
            #expect(error.description.contains("\(fixture.databasePath) is another program's SQLite database (tables player)"))
        }
        #expect(StoreFixture.bytes(of: fixture.databasePath) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory) == ["results.sqlite"])
    }

    @Test("A file that is not an SQLite database is refused and left as it was")
    func refusesNonDatabase() throws {
        let fixture = try StoreFixture()
        try "name = \"not a database\"\n".write(toFile: fixture.databasePath, atomically: true, encoding: .utf8)
        let before = StoreFixture.bytes(of: fixture.databasePath)
        let error = try #require(throws: StoreError.self) { try ResultStore(path: fixture.databasePath) }
        #expect(error.description.contains("\(fixture.databasePath) is not an SQLite database"))
        #expect(StoreFixture.bytes(of: fixture.databasePath) == before)
    }

    @Test("A read-only open never creates a missing file and leaves an empty file empty")
    func readOnlyWritesNothing() throws {
        let fixture = try StoreFixture()
        let missing = try #require(throws: StoreError.self) { try ResultStore(path: fixture.databasePath, mode: .readOnly) }
        #expect(missing.description.contains("no database at \(fixture.databasePath)"))
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath))
        #expect(FileManager.default.createFile(atPath: fixture.databasePath, contents: Data()))
        let empty = try #require(throws: StoreError.self) { try ResultStore(path: fixture.databasePath, mode: .readOnly) }
        #expect(empty.description.contains("\(fixture.databasePath) is empty"))
        #expect(StoreFixture.bytes(of: fixture.databasePath).isEmpty)
    }

    @Test("A read-only open reads a run, also while a writer has it open, and cannot write")
    func readOnlyReads() throws {
        let fixture = try StoreFixture()
        let writer = try fixture.makeStore()
        defer { try? writer.close() }
        try writer.storeResults(fixture.tasks.prefix(2).map { fixture.submission($0) })
        let reader = try ResultStore(path: fixture.databasePath, mode: .readOnly)
        #expect(try reader.run()?.sweepName == "store-test")
        #expect(try reader.taskCounts()[.done] == 2)
        #expect(throws: (any Error).self) { try reader.addToCounter("rejected", 1) }
        try reader.close()
        #expect(try writer.resultCount() == 2)
    }

    @Test("An existing empty file becomes a new database in read-write mode")
    func emptyFileBecomesDatabase() throws {
        let fixture = try StoreFixture()
        #expect(FileManager.default.createFile(atPath: fixture.databasePath, contents: Data()))
        let store = try fixture.makeStore()
        defer { try? store.close() }
        #expect(try store.run() != nil)
    }

    @Test("A new database gets large pages; an existing one keeps its page size")
    func pageSize() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == ResultStore.pageSize)
        try store.close()
        let older = fixture.directory + "/older.sqlite"
        let queue = try DatabaseQueue(path: older)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = 4096") }
        try ResultStore.migrator.migrate(queue)
        try queue.close()
        let reopened = try ResultStore(path: older)
        defer { try? reopened.close() }
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4096)
    }

    @Test("The list of lyapsweep's tables is exactly what the migrations create")
    func schemaTablesMatchMigrations() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        defer { try? store.close() }
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        }
        #expect(Set(tables) == ResultStore.schemaTables)
    }
}
