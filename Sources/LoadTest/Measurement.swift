import Foundation

/// What one load test measured while it ran, turned into a ``LoadTestReport`` at the end.
struct Measurement {
    var tally: LoadTally
    /// When the first WELCOME arrived (monotonic seconds): the start of the wall time.
    var startedAt: Double?
    /// When every task was acknowledged, or the first SHUTDOWN arrived: the end of the wall time.
    var finishedAt: Double?
    /// Coordinator CPU seconds at the start and at the end.
    var cpuAtStart = 0.0
    var cpuAtEnd: Double?
    /// Coordinator run-queue seconds at the start and at the end.
    var runQueueAtStart = 0.0
    var runQueueAtEnd: Double?
    /// Bytes the coordinator had written to storage at the start and at the end.
    var writtenAtStart = 0
    var writtenAtEnd: Int?
    var residentAfter10k: Int?
    var residentAtEnd: Int?
    var problems: [String] = []
    /// Whether SIGINT or SIGTERM ended the test early.
    var interrupted = false

    init(taskCount: Int) {
        tally = LoadTally(taskCount: taskCount)
    }

    /// Seconds from the first WELCOME to `now` (or to the end).
    func wallSeconds(now: Double) -> Double {
        guard let startedAt else { return 0 }
        return max((finishedAt ?? now) - startedAt, 1e-9)
    }

    /// One line of progress for standard error.
    func progressLine(now: Double, coordinator: CoordinatorProcess) -> String {
        let wall = wallSeconds(now: now)
        let cpu = startedAt == nil ? 0 : (coordinator.cpuSeconds - cpuAtStart) / wall * 100
        let waiting = startedAt == nil ? 0 : (coordinator.runQueueSeconds - runQueueAtStart) / wall * 100
        let rss = Double(coordinator.last?.residentBytes ?? 0) / 1e6
        return String(
            format: "loadtest: %d/%d tasks acknowledged in %.1f s (%.0f/s), p99 TASK→ACK %.1f ms, coordinator CPU %.0f %% (waiting for a core %.0f %%), RSS %.1f MB",
            tally.acknowledgedCount, tally.acknowledged.count, wall, Double(tally.acknowledgedCount) / wall,
            Double(tally.latency.valueAtPercentile(99)) / 1000, cpu, waiting, rss)
    }

    /// The report, with the database check's findings.
    func report(
        options: LoadTestOptions, check: DatabaseCheck, coordinator: CoordinatorProcess, folder: String,
        curveBytesPerResult: Int
    ) -> LoadTestReport {
        let wall = wallSeconds(now: Clock.seconds)
        let stored = check.storedResults
        func milliseconds(_ percentile: Double) -> Double { Double(tally.latency.valueAtPercentile(percentile)) / 1000 }
        return LoadTestReport(
            workers: options.workers, taskShape: options.shape.rawValue, tasksTotal: tally.acknowledged.count,
            resultsStored: stored, wallSeconds: wall, resultsPerSecond: Double(stored) / wall,
            curveMBPerSecond: Double(stored * curveBytesPerResult) / wall / 1e6,
            payloadMBPerSecond: Double(tally.resultPayloadBytes) / wall / 1e6,
            databaseMBPerSecond: Double((writtenAtEnd ?? coordinator.writtenBytes) - writtenAtStart) / wall / 1e6,
            taskToAckMs: .init(
                p50: milliseconds(50), p99: milliseconds(99), p999: milliseconds(99.9), max: Double(tally.latency.max) / 1000,
                count: Int(tally.latency.totalCount)),
            coordinatorCPUPercent: ((cpuAtEnd ?? coordinator.cpuSeconds) - cpuAtStart) / wall * 100,
            coordinatorRunQueuePercent: ((runQueueAtEnd ?? coordinator.runQueueSeconds) - runQueueAtStart) / wall * 100,
            coordinatorPeakRSSMB: Double(coordinator.peakResidentBytes) / 1e6,
            coordinatorRSSMBAfter10k: residentAfter10k.map { Double($0) / 1e6 },
            coordinatorRSSMBAtEnd: residentAtEnd.map { Double($0) / 1e6 },
            tasksReceived: tally.tasks, resultsSent: tally.results, resultsResent: tally.resultsResent, acksReceived: tally.acks,
            heartbeatsSent: tally.heartbeats, hellosSent: tally.hellos, rejectsReceived: tally.rejects, invalidFrames: tally.invalid,
            coordinatorStarts: coordinator.starts, acknowledgedTasksChecked: check.acknowledgedChecked,
            everyTaskStoredOnce: check.problems.isEmpty, interrupted: interrupted, problems: problems + check.problems,
            folder: folder)
    }
}
