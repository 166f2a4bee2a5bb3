import Foundation
import Store
import Testing

@Suite("One writer per database: the coordinator's lock file")
struct WriterLockTests {
    @Test("A second holder is refused with the first one's pid, host and command, even in the same process")
    func refusesSecondHolder() throws {
        let fixture = try StoreFixture()
        let lock = try DatabaseWriterLock(databasePath: fixture.databasePath, command: "lyapsweep run first.toml")
        defer { lock.release() }
        let error = try #require(throws: StoreError.self) {
            try DatabaseWriterLock(databasePath: fixture.databasePath, command: "lyapsweep run second.toml")
        }
        #expect(error.description.contains("\(fixture.databasePath) is in use by another lyapsweep coordinator"))
        #expect(error.description.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(error.description.contains("on host \(ProcessInfo.processInfo.hostName)"))
        #expect(error.description.contains("command lyapsweep run first.toml"))
        #expect(error.description.contains("use another --db"))
    }

    @Test("A released lock is taken over, and releasing removes its file")
    func takenOverAfterRelease() throws {
        let fixture = try StoreFixture()
        let first = try DatabaseWriterLock(databasePath: fixture.databasePath, command: "first")
        #expect(FileManager.default.fileExists(atPath: first.path))
        first.release()
        first.release()
        #expect(!FileManager.default.fileExists(atPath: first.path))
        let second = try DatabaseWriterLock(databasePath: fixture.databasePath, command: "second")
        defer { second.release() }
        let content = try String(contentsOfFile: second.path, encoding: .utf8)
        #expect(content.contains("command = second"))
    }

    @Test("A lock file left by a dead holder (no flock on it) is taken over")
    func takesOverStaleFile() throws {
        let fixture = try StoreFixture()
        let stale = "host = gone\npid = 999999\nstarted = 2026-01-01T00:00:00Z\ncommand = lyapsweep run old.toml\n"
        try stale.write(toFile: fixture.databasePath + ".lock", atomically: true, encoding: .utf8)
        let lock = try DatabaseWriterLock(databasePath: fixture.databasePath, command: "new")
        defer { lock.release() }
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8).contains("pid = \(ProcessInfo.processInfo.processIdentifier)"))
    }

    @Test("A store opened with the lock holds it until closed")
    func storeHoldsLock() throws {
        let fixture = try StoreFixture()
        let store = try ResultStore(path: fixture.databasePath, lockingFor: "lyapsweep run sweep.toml")
        #expect(throws: StoreError.self) { try ResultStore(path: fixture.databasePath, lockingFor: "another") }
        try store.close()
        let again = try ResultStore(path: fixture.databasePath, lockingFor: "another")
        try again.close()
    }
}
