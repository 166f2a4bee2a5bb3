import Foundation
import Store
import Testing

/// A sweep run by a coordinator and two workers as separate processes, whose coordinator is SIGKILLed once
/// `killAfter` results are stored and started again on the same database; waits for the end. The outcome of
/// an adaptive run must not depend on such a restart.
///
/// - Returns: how many results were stored before the restart.
func runWithCoordinatorRestart(_ harness: Harness, out: String, killAfter: Int) async throws -> Int {
    let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
    let arguments = DistributedRunTests.coordinatorArguments(harness, endpoint: endpoint) + ["--out", out]
    let first = try harness.start(arguments, label: "coordinator1")
    let pool = try DistributedRunTests.startWorkers(2, harness, endpoint: endpoint)
    let store = try ResultStore(path: harness.databasePath)
    #expect(await eventually(timeout: 120) { ((try? store.resultCount()) ?? 0) >= killAfter })
    first.signal(SIGKILL)
    try await first.wait(timeout: 10)
    let storedBeforeRestart = try store.resultCount()
    try store.close()
    let second = try harness.start(arguments, label: "coordinator2")
    try await second.wait(timeout: 300)
    for worker in pool { try await worker.wait(timeout: 30) }
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stderr.contains("resuming"))
    return storedBeforeRestart
}
