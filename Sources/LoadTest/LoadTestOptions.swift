/// What `lyapsweep loadtest` runs: how many simulated workers, which task shape, how many results.
public struct LoadTestOptions: Sendable {
    /// Simulated workers, each its own DEALER socket and identity (≥ 1).
    public var workers: Int
    /// The size of the sweep's tasks and so of every RESULT.
    public var shape: TaskShape
    /// Tasks in the sweep, so results to store (≥ 1).
    public var results: Int
    /// Tasks each simulated worker asks for after a WELCOME (1…1000); every RESULT gives its credit back.
    public var credits: Int
    /// The coordinator's database; nil for a fresh file in a temporary folder.
    public var database: String?
    /// SIGKILL the coordinator this many seconds after the first WELCOME, then start it again on the same
    /// database; nil to let it run.
    public var killCoordinatorAfter: Double?
    /// The longest the whole test may take, in seconds, before it stops and fails.
    public var timeoutSeconds: Double
    /// Seconds between progress lines on standard error; nil for none.
    public var progressInterval: Double?
    /// The `lyapsweep` executable that runs the coordinator; nil for this process's own (/proc/self/exe).
    public var executable: String?

    /// Options with the defaults of the command line; see the properties.
    public init(
        workers: Int, shape: TaskShape, results: Int, credits: Int = 1, database: String? = nil,
        killCoordinatorAfter: Double? = nil, timeoutSeconds: Double = 3600, progressInterval: Double? = 5,
        executable: String? = nil
    ) {
        self.workers = workers
        self.shape = shape
        self.results = results
        self.credits = credits
        self.database = database
        self.killCoordinatorAfter = killCoordinatorAfter
        self.timeoutSeconds = timeoutSeconds
        self.progressInterval = progressInterval
        self.executable = executable
    }
}
