/// The rules the ``Scheduler`` enforces, with the defaults of a local run and a cluster alike.
public struct SchedulerConfiguration: Sendable, Equatable {
    /// Most tasks one worker may hold at once, whatever credits it asks for.
    public var maxTasksPerWorker: Int
    /// A task fails after crashing this many distinct worker processes, or after being lost with its worker on
    /// this many distinct hosts.
    public var failAfter: Int
    /// A task lost with its worker this many times in all fails even on one host (a task that kills its
    /// process with SIGKILL, e.g. through the kernel's out-of-memory killer, on a one-machine run).
    public var lossLimit: Int
    /// A worker silent this long is dead and its tasks are re-queued.
    public var liveness: Duration
    /// How long a worker may hold a task before it is queued for another worker as well.
    public var lease: LeasePolicy
    /// A worker that lets this many leases expire is told to leave.
    public var maxExpiredLeases: Int
    /// For this long after the coordinator starts, a worker's HELLO may claim the tasks it says it holds, if no
    /// other worker holds them: a worker that outlived a coordinator restart then delivers the results it
    /// computed instead of having them computed again. Later a HELLO claims nothing.
    public var adoptionWindow: Duration

    /// Creates a configuration.
    public init(
        maxTasksPerWorker: Int = 64, failAfter: Int = 3, lossLimit: Int? = nil, liveness: Duration = .seconds(5),
        lease: LeasePolicy = LeasePolicy(), maxExpiredLeases: Int = 3, adoptionWindow: Duration? = nil
    ) {
        self.maxTasksPerWorker = max(1, maxTasksPerWorker)
        self.failAfter = max(1, failAfter)
        self.lossLimit = max(self.failAfter, lossLimit ?? 10 * self.failAfter)
        self.liveness = liveness
        self.lease = lease
        self.maxExpiredLeases = max(1, maxExpiredLeases)
        self.adoptionWindow = adoptionWindow ?? liveness * 3
    }
}
