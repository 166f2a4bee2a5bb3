import Foundation
import Testing

@testable import Runtime

@Suite("Key directories")
struct KeyDirectoryTests {
    @Test("generate writes the coordinator pair and each worker's pair, authorizes every worker, and never overwrites")
    func generateAndRead() throws {
        let directory = KeyDirectory(path: NSTemporaryDirectory() + "lyapsweep-keys-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let written = try directory.generate(workers: 2)
        #expect(written.count == 2 + 2 * 3)
        let coordinator = try directory.coordinatorSecurity()
        #expect(coordinator.authorizedWorkerKeys.count == 2)
        let worker = try KeyDirectory.workerSecurity(secretKeyFile: directory.workerSecretKey(1),
                                                     serverKeyFile: directory.coordinatorPublicKey)
        #expect(worker.serverPublicKey == coordinator.keyPair.publicKey)
        #expect(coordinator.authorizedWorkerKeys.contains(worker.keyPair.publicKey))
        #expect(throws: KeyFileError.self) { try directory.generate(workers: 1) }
    }
}
