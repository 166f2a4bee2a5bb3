import Foundation
import Store
import Sweep
import Testing

@Suite("Group commit: a batch of results in one durable transaction")
struct GroupCommitTests {
    @Test("A batch is stored whole and reads back exactly; each entry says whether it was stored")
    func storesBatch() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        defer { try? store.close() }
        let batch = fixture.tasks.prefix(5).map { fixture.submission($0) }
        #expect(try store.storeResults(batch) == [true, true, true, true, true])
        #expect(try store.resultCount() == 5)
        let icCount = fixture.sweep.definition.ensemble.ics
        #expect(try store.results(icCount: icCount) == batch.map(\.result))
        #expect(try store.fits().count == 5 * fixture.sweep.definition.ensemble.epsilons.count)
        #expect(try store.taskCounts()[.done] == 5)
    }

    @Test("Duplicates are reported false: a task already done, and the same task earlier in the same batch")
    func reportsDuplicates() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        defer { try? store.close() }
        let tasks = fixture.tasks
        #expect(try store.storeResult(fixture.submission(tasks[0]).result, taskID: fixture.submission(tasks[0]).taskID,
                                      workerID: "w1", fits: fixture.submission(tasks[0]).fits, computeSeconds: 1))
        let batch = [tasks[1], tasks[0], tasks[2], tasks[1], tasks[2]].map { fixture.submission($0) }
        #expect(try store.storeResults(batch) == [true, false, true, false, false])
        #expect(try store.resultCount() == 3)
        #expect(try store.storeResults([]) == [])
    }

    @Test("Each worker's tasks_done counts its stored results, not its duplicates")
    func countsPerWorker() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        defer { try? store.close() }
        try store.registerWorker(id: "w2", host: "otherhost", pid: 2, processes: 4)
        let tasks = fixture.tasks
        let batch = [
            fixture.submission(tasks[0], workerID: "w1"), fixture.submission(tasks[1], workerID: "w2"),
            fixture.submission(tasks[2], workerID: "w2"), fixture.submission(tasks[1], workerID: "w1"),
        ]
        #expect(try store.storeResults(batch) == [true, true, true, false])
        #expect(try store.storeResults([fixture.submission(tasks[3], workerID: "w1"), fixture.submission(tasks[0], workerID: "w2")])
            == [true, false])
        let done = Dictionary(uniqueKeysWithValues: try store.workers().map { ($0.id, $0.tasksDone) })
        #expect(done == ["w1": 2, "w2": 2])
    }

    @Test("A task id outside the run fails the whole batch: nothing of it is stored")
    func unknownTaskStoresNothing() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        defer { try? store.close() }
        var stranger = fixture.submission(fixture.tasks[1])
        stranger.taskID = 10_000
        let error = try #require(throws: StoreError.self) {
            try store.storeResults([fixture.submission(fixture.tasks[0]), stranger])
        }
        #expect(error.description.contains("no task 10000"))
        #expect(try store.resultCount() == 0)
        #expect(try store.workers().first?.tasksDone == 0)
    }

    @Test("Stored results survive closing and reopening the database, which then refuses them as duplicates")
    func survivesReopen() throws {
        let fixture = try StoreFixture()
        let batch = fixture.tasks.prefix(3).map { fixture.submission($0) }
        let store = try fixture.makeStore()
        try store.storeResults(batch)
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: fixture.databasePath + "-wal"))
        let reopened = try ResultStore(path: fixture.databasePath)
        defer { try? reopened.close() }
        #expect(try reopened.beginRun(sweep: fixture.sweep, tasks: fixture.tasks, softwareVersion: "test") == false)
        #expect(try reopened.results(icCount: fixture.sweep.definition.ensemble.ics) == batch.map(\.result))
        #expect(try reopened.storeResults(batch + [fixture.submission(fixture.tasks[3])]) == [false, false, false, true])
    }
}

@Suite("Checkpoints apart from commits")
struct CheckpointTests {
    @Test("The coordinator's store folds its write-ahead log into the file while it runs, not in its commits")
    func checkpointsWhileOpen() throws {
        let fixture = try StoreFixture(ics: 40, etaCount: 2, epsilonCount: 3, steps: 50)
        try fixture.makeStore().close()
        let store = try ResultStore(path: fixture.databasePath, lockingFor: "lyapsweep coordinator")
        defer { try? store.close() }
        let before = StoreFixture.bytes(of: fixture.databasePath).count
        #expect(try store.storeResults(fixture.tasks.map { fixture.submission($0) }).allSatisfy { $0 })
        // The commit wrote only the log; the checkpointer copies it into the file within a few of its intervals.
        let deadline = Date().addingTimeInterval(10)
        while StoreFixture.bytes(of: fixture.databasePath).count == before && Date() < deadline { usleep(20_000) }
        #expect(StoreFixture.bytes(of: fixture.databasePath).count > before)
        #expect(try store.resultCount() == fixture.tasks.count)
    }
}
