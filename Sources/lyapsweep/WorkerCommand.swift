import ArgumentParser
import Coordinator
import Foundation
import Logging
import Runtime
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
            sends SHUTDOWN. With --processes above 1 this process supervises them: one that crashes (e.g. SIGSEGV) \
            is started again and tells the coordinator which task crashed it. Exit status: 0 after SHUTDOWN, 3 if \
            refused (e.g. another protocol version), 4 if no coordinator answered within --give-up-after.

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
    @Option(help: .hidden) var crashFile: String?
    @Option(help: .hidden) var reportCrash: String?

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

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        let logger = Logger(label: "lyapsweep.worker")
        let security: WorkerSecurity?
        do {
            security = try KeyDirectory.workerSecurity(keys: keys, secretKeyFile: key, serverKeyFile: serverKey)
        } catch {
            printError("lyapsweep worker: \(error)")
            throw ExitStatus.refused.exitCode
        }
        if processes > 1 {
            var arguments = ["worker", "--connect", connect, "--processes", "1", "--parent-pid", "\(getpid())"]
            for (option, value) in [("--give-up-after", giveUpAfter.map { "\($0)" }), ("--keys", keys), ("--key", key),
                                    ("--server-key", serverKey), ("--log-level", logging.logLevel?.rawValue)] {
                if let value { arguments += [option, value] }
            }
            if logging.quiet { arguments.append("--quiet") }
            if let failure = try await WorkerSupervisor.run(processes: processes, arguments: arguments, logger: logger) {
                throw ExitCode(failure)
            }
            return
        }
        if security == nil && !EndpointSecurity.isLocal(connect) {
            logger.warning("connecting to \(connect) in plaintext (no --keys): only a coordinator started with --insecure admits it")
        }
        let configuration = WorkerConfiguration(
            endpoint: connect, workerID: id ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))",
            giveUpAfterSeconds: giveUpAfter, parentPID: parentPid, protocolVersion: protocolVersion, security: security,
            crashNotePath: crashFile, predecessorCrash: reportCrash.flatMap(PredecessorCrash.init(argument:)))
        switch try await WorkerSupervisor.runOne(configuration, logger: logger) {
        case .shutdown, .stopped, nil: return
        case .refused(let reason):
            printError("lyapsweep worker: refused by the coordinator: \(reason)")
            throw ExitStatus.workerRefused.exitCode
        case .abandoned(let reason):
            printError("lyapsweep worker: giving up: \(reason)")
            throw ExitStatus.workerGaveUp.exitCode
        }
    }
}
