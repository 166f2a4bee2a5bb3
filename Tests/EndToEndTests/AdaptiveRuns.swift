import Foundation
import Store
import Sweep
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

/// The (η, IC) a finished adaptive run computed — checking that every task it created was computed — and the
/// bytes of its lambda.csv in `out`.
func computedTasksAndTable(_ harness: Harness, out: String) throws -> (computed: Set<SweepTask>, lambdaCSV: String) {
    let store = try ResultStore(path: harness.databasePath, mode: .readOnly)
    let definition = try SweepFile.load(path: harness.sweepPath).definition
    let done = Set(try store.taskIDs(state: .done).map(definition.task(id:)))
    #expect(Set(try store.allTasks()) == done, "every task created was computed")
    return (done, try String(contentsOfFile: out + "/lambda.csv", encoding: .utf8))
}

/// Runs `run --workers n` on `sweep` to the end in a fresh folder, its tables in `out`.
/// - Returns: the folder, the tables' folder and what the run printed.
func runToEnd(_ sweep: String, workers: Int) async throws -> (harness: Harness, out: String, printed: String) {
    let harness = try Harness(sweep: sweep)
    let out = harness.directory + "/tables"
    let run = try await harness.run(
        ["run", harness.sweepPath, "--db", harness.databasePath, "--out", out, "--workers", "\(workers)", "--quiet"], label: "run")
    #expect(run.status == 0, "\(run.stderr)")
    return (harness, out, run.stdout)
}
