import Synchronization

/// What a worker measured about its own overhead: per-task network costs, how long results waited, credits.
///
/// Times are wall-clock (monotonic) seconds measured on the worker. Read it with ``WorkerProcess/statistics``
/// while the worker runs or after; the worker logs it at info level when ``WorkerProcess/run()`` returns.
public struct WorkerStatistics: Sendable, Equatable {
    /// TASK messages handed to the compute thread (each computed exactly once).
    public var tasksAccepted = 0
    /// TASK messages for a task already computing or already computed and unacknowledged: not computed again.
    public var duplicateTasks = 0
    /// Tasks the compute thread finished.
    public var tasksComputed = 0
    /// RESULT messages sent for the first time.
    public var resultsSent = 0
    /// RESULT messages sent again (after a new WELCOME, or for a re-sent TASK of an unacknowledged result).
    public var resultsResent = 0
    /// Sum of the credits of every READY sent.
    public var creditsRequested = 0
    /// Total compute time of the finished tasks, in seconds.
    public var computeSeconds = 0.0
    /// Time the compute thread sat idle with no task queued, between finishing one task and starting the
    /// next, in seconds (idle time before the first task and after the last is not counted).
    public var computeStarvedSeconds = 0.0
    /// Per TASK: receiving the message, decoding it and handing it to the compute thread.
    public var receiveDecode = LatencySummary()
    /// Per RESULT: encoding it and queueing it and its READY on the socket.
    public var encodeSend = LatencySummary()
    /// Per RESULT: from the compute thread finishing the task until the RESULT is queued on the socket.
    public var resultWait = LatencySummary()
    /// Per acknowledged RESULT sent once: from its send until its ACK arrived.
    public var acknowledgementRoundTrip = LatencySummary()
    /// Per READY sent with no credit outstanding: from its send until the next TASK arrived.
    public var creditRoundTrip = LatencySummary()
    /// The tasks the worker currently aims to hold (``WorkerConfiguration/tasksInFlight`` …
    /// ``WorkerConfiguration/maximumTasksInFlight``).
    public var targetInFlight = 0
    /// The most tasks the worker aimed to hold at any time.
    public var largestTargetInFlight = 0

    /// Creates empty statistics.
    public init() {}

    /// One line for logs.
    public var summary: String {
        "tasks \(tasksComputed) computed (\(duplicateTasks) duplicate TASKs ignored), results \(resultsSent) sent + \(resultsResent) resent, "
            + "credits \(creditsRequested), target in flight \(targetInFlight) (largest \(largestTargetInFlight)), "
            + "compute \(seconds(computeSeconds)) s, starved \(seconds(computeStarvedSeconds)) s; "
            + "receive+decode [\(receiveDecode.summary)], encode+send [\(encodeSend.summary)], "
            + "result wait [\(resultWait.summary)], RESULT→ACK [\(acknowledgementRoundTrip.summary)], "
            + "READY→TASK [\(creditRoundTrip.summary)]"
    }

    private func seconds(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}

/// The statistics shared between the network loop that records them and the threads that read them.
final class WorkerStatisticsBox: Sendable {
    private let statistics = Mutex(WorkerStatistics())

    /// A copy of the statistics now.
    var snapshot: WorkerStatistics { statistics.withLock { $0 } }

    /// Changes the statistics in place.
    func update(_ change: (inout WorkerStatistics) -> Void) {
        statistics.withLock { change(&$0) }
    }
}
