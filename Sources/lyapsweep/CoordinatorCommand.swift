import ArgumentParser
import Coordinator
import Foundation
import Logging
import Runtime

/// `lyapsweep coordinator`: the broker alone, for workers started elsewhere (clusters).
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Serve a sweep's tasks to workers that connect over ZeroMQ, and store their results.",
        discussion: """
            Binds a ROUTER socket (tcp or ipc), hands tasks to every `lyapsweep worker --connect` that says HELLO, \
            writes each result durably to the database, and prints the λ_nMLE table when all tasks are done. \
            Stopping and re-running the same command on the same database resumes where it stopped; one \
            coordinator at a time may hold a database (a second is refused, naming the holder's host and PID).

            Security: with --keys DIR (from `lyapsweep keys generate`) the socket is a CURVE server that admits only \
            the worker public keys in DIR/authorized/*.pub and logs every refused connection with its address. \
            Without keys only ipc and loopback tcp (127.x, [::1]) may be bound; any other bind is refused \
            unless --insecure is given.
            """
    )

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Dashboard") var dashboard: DashboardOptions
    @OptionGroup(title: "Scheduling") var scheduling: SchedulingOptions

    @Option(help: "The endpoint to bind, e.g. tcp://127.0.0.1:5555 (port 1…65535 or *; localhost is bound as 127.0.0.1) or ipc:///tmp/lyapsweep.ipc.")
    var bind: String = "tcp://127.0.0.1:5555"

    @Option(help: "CURVE keys folder (`lyapsweep keys generate`): uses coordinator.key and admits authorized/*.pub.",
            completion: .directory)
    var keys: String?

    @Flag(help: "Allow a plaintext bind on a network address without keys (trusted networks only).")
    var insecure = false

    mutating func validate() throws {
        do {
            bind = try EndpointSecurity.bindableEndpoint(bind)
        } catch {
            throw ValidationError("--bind: \(error)")
        }
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        let logger = Logger(label: "lyapsweep.coordinator")
        let configuration = try KeyDirectory.securing(scheduling.configuration(endpoint: bind), keys: keys, insecure: insecure,
                                                      logger: logger).orExit()
        let watch = try dashboard.sessionDashboard()
        let session = try openSession(sweep.source)
        let coordinator = session.makeCoordinator(configuration: configuration, logger: logger, dashboard: watch)
        let status = try await session.runToEnd(coordinator, dashboard: watch, showProgress: !logging.quiet, logger: logger)
        if status != .success { throw status.exitCode }
    }
}
