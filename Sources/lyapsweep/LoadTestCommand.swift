import ArgumentParser
import LoadTest
import Runtime

extension TaskShape: ExpressibleByArgument {}

/// `lyapsweep loadtest`: a real coordinator under the load of simulated workers.
struct LoadTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Measure a real coordinator (a child process, real SQLite file) fed by simulated workers.",
        discussion: """
            Writes a sweep of --results tasks of --task-shape (small: Iris T = 10, one ε, M = 1; default: T = 200, \
            13 ε, M = 5; T1000), starts `lyapsweep coordinator` on it, and answers every TASK at once from --workers \
            simulated workers with a copy of one real result. Reports results/s, MB/s, TASK → ACK latency \
            percentiles, the coordinator's CPU and RSS, then checks the database: every task stored exactly once.
            """
    )

    @Option(help: "Simulated workers (each its own DEALER socket).") var workers = 10
    @Option(help: "small, default or T1000.") var taskShape: TaskShape = .small
    @Option(help: "Tasks in the sweep, so results to store.") var results = 10_000
    @Option(help: "Tasks each simulated worker holds (READY credits).") var credits = 1
    @Option(help: "The coordinator's database (default: a new file in a temporary folder).") var db: String?
    @Option(help: "SIGKILL the coordinator after this many seconds, restart it, check ACKed tasks are stored.") var killCoordinatorAfter: Double?
    @Option(help: "Give up after this many seconds.") var timeout: Double = 3600
    @Option(help: "Another lyapsweep build to run as the coordinator (default: this one).") var coordinatorExecutable: String?
    @Flag(help: "Print the report as one JSON object (the text report goes to standard error).") var json = false
    @Flag(help: "No progress lines on standard error.") var quiet = false

    func validate() throws {
        guard workers >= 1, results >= 1 else { throw ValidationError("--workers and --results must be at least 1") }
        guard (1...1000).contains(credits) else { throw ValidationError("--credits must be in 1…1000") }
    }

    func run() throws {
        let report = try LoadGenerator.run(LoadTestOptions(
            workers: workers, shape: taskShape, results: results, credits: credits, database: db,
            killCoordinatorAfter: killCoordinatorAfter, timeoutSeconds: timeout, progressInterval: quiet ? nil : 5,
            executable: coordinatorExecutable))
        if json { printError(report.text) }
        print(json ? report.json() : report.text)
        if !report.passed { throw (report.interrupted ? ExitStatus.interrupted : ExitStatus.failure).exitCode }
    }
}
