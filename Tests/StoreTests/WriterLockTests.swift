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

    @Test("A lock held by another process refuses us, and is taken over once that process is killed with SIGKILL",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func takesOverFromKilledProcess() throws {
        let fixture = try StoreFixture()
        let lockPath = fixture.databasePath + ".lock"
        // flock(1) takes the lock, then runs the shell with the lock's descriptor closed (-o): only flock holds it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-o", lockPath, "-c", "echo $$; exec sleep 60"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let sleeper = try #require(Int32(line.trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(sleeper, SIGKILL) }
        let error = try #require(throws: StoreError.self) {
            try DatabaseWriterLock(databasePath: fixture.databasePath, command: "second")
        }
        #expect(error.description.contains("is in use by another lyapsweep coordinator"))
        kill(holder.processIdentifier, SIGKILL)
        kill(sleeper, SIGKILL)  // it holds the output pipe open, which Process waits for
        holder.waitUntilExit()
        let lock = try DatabaseWriterLock(databasePath: fixture.databasePath, command: "second")
        defer { lock.release() }
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8).contains("command = second"))
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
