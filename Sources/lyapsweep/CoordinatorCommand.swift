import ArgumentParser
import Coordinator
import Foundation
import Logging

/// `lyapsweep coordinator`: the broker alone, for workers started elsewhere (clusters).
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Serve a sweep's tasks to workers that connect over ZeroMQ, and store their results.",
        discussion: """
            Binds a ROUTER socket (tcp or ipc), hands tasks to every `lyapsweep worker --connect` that says HELLO,
            writes each result durably to the database, and prints the λ_nMLE table when all tasks are done.
            Stopping and re-running the same command on the same database resumes where it stopped.
            """
    )

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "The endpoint to bind, e.g. tcp://127.0.0.1:5555 or ipc:///tmp/lyapsweep.ipc.")
    var bind: String = "tcp://127.0.0.1:5555"

    @Option(help: "Heartbeat interval in milliseconds.")
    var heartbeatMs = 1000

    @Option(help: "A worker silent this many milliseconds is dead and its tasks are re-queued.")
    var livenessMs = 5000

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        let session = try SweepSession.open(sweep)
        let coordinator = session.makeCoordinator(
            configuration: CoordinatorConfiguration(endpoint: bind, heartbeatIntervalMilliseconds: heartbeatMs,
                                                    livenessMilliseconds: livenessMs),
            logger: Logger(label: "lyapsweep.coordinator"))
        let signals = SignalTrap { coordinator.requestStop() }
        defer { signals.cancel() }
        let summary = try await session.runCoordinator(coordinator, quiet: logging.quiet)
        try session.finish(summary: summary)
        if !summary.complete { throw ExitCode(130) }
    }
}
