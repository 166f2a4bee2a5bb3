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
            Binds a ROUTER socket (tcp or ipc), hands tasks to every `lyapsweep worker --connect` that says HELLO, \
            writes each result durably to the database, and prints the λ_nMLE table when all tasks are done. \
            Stopping and re-running the same command on the same database resumes where it stopped.

            Security: with --keys DIR (from `lyapsweep keys generate`) the socket is a CURVE server that admits only \
            the worker public keys in DIR/authorized/*.pub and logs every refused connection with its address. \
            Without keys only ipc and loopback tcp (127.x, localhost, [::1]) may be bound; any other bind is refused \
            unless --insecure is given.
            """
    )

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup(title: "Dashboard") var dashboard: DashboardOptions

    @Option(help: "The endpoint to bind, e.g. tcp://127.0.0.1:5555 (port 1…65535 or *; localhost is bound as 127.0.0.1) or ipc:///tmp/lyapsweep.ipc.")
    var bind: String = "tcp://127.0.0.1:5555"

    @Option(help: "CURVE keys folder (`lyapsweep keys generate`): uses coordinator.key and admits authorized/*.pub.",
            completion: .directory)
    var keys: String?

    @Flag(help: "Allow a plaintext bind on a network address without keys (trusted networks only).")
    var insecure = false

    @Option(help: "Heartbeat interval in milliseconds (10…60000).")
    var heartbeatMs = 1000

    @Option(help: "A worker silent this many milliseconds is dead and its tasks are re-queued (at least 100 and 3 × --heartbeat-ms, at most 3600000).")
    var livenessMs = 5000

    mutating func validate() throws {
        guard (10...60_000).contains(heartbeatMs) else {
            throw ValidationError("--heartbeat-ms is \(heartbeatMs); allowed: 10…60000 milliseconds")
        }
        let minimumLiveness = max(100, 3 * heartbeatMs)
        guard (minimumLiveness...3_600_000).contains(livenessMs) else {
            throw ValidationError("""
                --liveness-ms is \(livenessMs); allowed: \(minimumLiveness)…3600000 milliseconds (at least 100 and 3 × \
                --heartbeat-ms, so a worker is not declared dead between two of its heartbeats)
                """)
        }
        do {
            bind = try EndpointSecurity.bindableEndpoint(bind)
        } catch {
            throw ValidationError("--bind: \(error)")
        }
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        let logger = Logger(label: "lyapsweep.coordinator")
        let security = try loadSecurity()
        if security == nil && !EndpointSecurity.isLocal(bind) {
            logger.warning("INSECURE: \(bind) is bound without keys (--insecure): anyone who can reach it can read results and inject false ones")
        }
        let watch = try SessionDashboard(dashboard, command: "coordinator")
        let session = try SweepSession.open(sweep)
        let coordinator = session.makeCoordinator(
            configuration: CoordinatorConfiguration(endpoint: bind, heartbeatIntervalMilliseconds: heartbeatMs,
                                                    livenessMilliseconds: livenessMs, security: security,
                                                    allowsInsecureNetwork: insecure),
            logger: logger, dashboard: watch)
        let signals = SignalTrap { coordinator.requestStop() }
        defer { signals.cancel() }
        let summary = try await session.runCoordinator(coordinator, quiet: logging.quiet, dashboard: watch)
        try session.finish(summary: summary)
        if !summary.complete { throw ExitCode(130) }
    }

    /// The CURVE keys of --keys, after checking the bind rule; exits with status 2 and the reason on failure.
    private func loadSecurity() throws -> CoordinatorSecurity? {
        do {
            try EndpointSecurity.checkBind(bind, secured: keys != nil, insecure: insecure, keysHint: "--keys DIR")
            return try keys.map { try KeyDirectory(path: $0).coordinatorSecurity() }
        } catch {
            printError("lyapsweep coordinator: \(error)")
            throw ExitCode(2)
        }
    }
}
