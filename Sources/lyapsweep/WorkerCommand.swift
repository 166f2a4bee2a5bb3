import ArgumentParser
import Foundation
import Coordinator
import Logging
import Wire
import Worker

/// `lyapsweep worker`: computes tasks for a coordinator.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Connect to a coordinator and compute its tasks until the sweep is complete.",
        discussion: """
            Runs --processes worker processes (default: one per core), each computing one task at a time. Workers keep \
            heartbeating while they compute, reconnect if the coordinator goes away and comes back, and exit when it \
            sends SHUTDOWN. Exit status: 0 after SHUTDOWN, 3 if refused (e.g. another protocol version), 4 if no \
            coordinator answered within --give-up-after.

            Security: a coordinator started with --keys admits only CURVE workers with an authorized key. Give the \
            keys folder of `lyapsweep keys generate` (--keys DIR: DIR/coordinator.pub and DIR/workers/worker-1.key), or \
            the two files alone (--key FILE --server-key FILE); --key or --server-key also override one file of --keys. \
            A worker that is refused never hears from the coordinator: it gives up after --give-up-after.
            """
    )

    @Option(help: "The coordinator's endpoint, e.g. tcp://head-node:5555.")
    var connect: String

    @Option(help: "Worker processes to run (default: the number of cores; at most 4 per core and 32 MiB of available memory each).")
    var processes: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Give up after this many seconds without a coordinator, more than 0 (default: wait forever).")
    var giveUpAfter: Double?

    @Option(help: "CURVE keys folder (`lyapsweep keys generate`): DIR/coordinator.pub and DIR/workers/worker-1.key.",
            completion: .directory)
    var keys: String?

    @Option(help: "This worker's secret key file (default with --keys: DIR/workers/worker-1.key).", completion: .file())
    var key: String?

    @Option(help: "The coordinator's public key file (default with --keys: DIR/coordinator.pub).", completion: .file())
    var serverKey: String?

    @Option(help: "This worker's id (default: host-pid-random).")
    var id: String?

    @Option(help: .hidden) var parentPid: Int32?
    @Option(help: .hidden) var protocolVersion: UInt16 = WireProtocol.version

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        try WorkerProcessLimit.check(processes, option: "--processes")
        if let giveUpAfter, !(giveUpAfter.isFinite && giveUpAfter > 0) {
            throw ValidationError("--give-up-after is \(giveUpAfter); allowed: a finite number of seconds > 0 (leave it out to wait forever)")
        }
        do {
            try EndpointSecurity.checkEndpoint(connect)
        } catch {
            throw ValidationError("--connect: \(error)")
        }
        if keys == nil && (key == nil) != (serverKey == nil) {
            throw ValidationError("--key and --server-key go together (or give --keys DIR)")
        }
    }

    /// The secret key and server key files, if CURVE is on.
    var keyFiles: (secret: String, server: String)? {
        guard let secret = key ?? keys.map({ KeyDirectory(path: $0).workerSecretKey(1) }),
              let server = serverKey ?? keys.map({ KeyDirectory(path: $0).coordinatorPublicKey })
        else { return nil }
        return (secret, server)
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        if processes > 1 {
            var arguments = ["worker", "--connect", connect, "--processes", "1", "--parent-pid", "\(getpid())"]
            if let giveUpAfter { arguments += ["--give-up-after", "\(giveUpAfter)"] }
            if let keyFiles { arguments += ["--key", keyFiles.secret, "--server-key", keyFiles.server] }
            if let level = logging.logLevel { arguments += ["--log-level", level.rawValue] }
            if logging.quiet { arguments.append("--quiet") }
            let pool = try WorkerPool(count: processes, arguments: arguments, respawn: false)
            let signals = SignalTrap { pool.terminateAll() }
            defer { signals.cancel() }
            let statuses = await pool.waitForAll()
            if let failure = statuses.first(where: { $0 != 0 }) { throw ExitCode(failure) }
            return
        }
        let workerID = id ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let logger = Logger(label: "lyapsweep.worker")
        let security: WorkerSecurity?
        do {
            security = try keyFiles.map { try KeyDirectory.workerSecurity(secretKeyFile: $0.secret, serverKeyFile: $0.server) }
        } catch {
            printError("lyapsweep worker: \(error)")
            throw ExitCode(2)
        }
        if security == nil && !EndpointSecurity.isLocal(connect) {
            logger.warning("connecting to \(connect) in plaintext (no --keys): only a coordinator started with --insecure admits it")
        }
        let worker = WorkerProcess(
            configuration: WorkerConfiguration(endpoint: connect, workerID: workerID, giveUpAfterSeconds: giveUpAfter,
                                               parentPID: parentPid, protocolVersion: protocolVersion, security: security),
            logger: logger)
        let signals = SignalTrap { worker.requestStop() }
        defer { signals.cancel() }
        let exit = try await runOnThread { try worker.run() }
        switch exit {
        case .shutdown, .stopped: return
        case .refused(let reason):
            printError("lyapsweep worker: refused by the coordinator: \(reason)")
            throw ExitCode(3)
        case .abandoned(let reason):
            printError("lyapsweep worker: giving up: \(reason)")
            throw ExitCode(4)
        }
    }
}
