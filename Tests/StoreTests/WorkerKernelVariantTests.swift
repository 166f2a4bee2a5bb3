import Foundation
import GRDB
import Store
import Testing

@Suite("Store: the kernel variant of each worker")
struct WorkerKernelVariantTests {
    @Test("a worker's kernel variant is stored with its registration and updated when it registers again")
    func stored() throws {
        let fixture = try StoreFixture()
        let store = try fixture.makeStore()
        try store.registerWorker(id: "w2", host: "otherhost", pid: 2, processes: 1, kernelVariant: "avx2")
        try store.registerWorker(id: "w3", host: "otherhost", pid: 3, processes: 1, kernelVariant: "avx512")
        try store.registerWorker(id: "w3", host: "otherhost", pid: 3, processes: 1, kernelVariant: "portable")
        let variants = Dictionary(uniqueKeysWithValues: try store.workers().map { ($0.id, $0.kernelVariant) })
        #expect(variants == ["w1": "", "w2": "avx2", "w3": "portable"])
        try store.close()
    }

    @Test("a database written before workers said their variant still reads, with no variant, and gains the column")
    func olderDatabase() throws {
        let fixture = try StoreFixture()
        try fixture.makeStore().close()
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE worker DROP COLUMN kernel_variant")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'worker kernel variant'")
        }
        try queue.close()
        let reader = try ResultStore(path: fixture.databasePath, mode: .readOnly)
        #expect(try reader.workers().map(\.kernelVariant) == [""])
        try reader.close()
        let upgraded = try ResultStore(path: fixture.databasePath)
        try upgraded.registerWorker(id: "w1", host: "testhost", pid: 1, processes: 1, kernelVariant: "avx512")
        #expect(try upgraded.workers().map(\.kernelVariant) == ["avx512"])
        try upgraded.close()
    }
}
