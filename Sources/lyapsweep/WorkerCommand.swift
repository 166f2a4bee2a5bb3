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

    @OptionGroup(title: "CURVE keys") var curve: ClientKeyOptions

    @Option(help: "This worker's id (default: host-pid-random).")
    var id: String?

    @Option(help: .hidden) var parentPid: Int32?
    @Option(help: .hidden) var protocolVersion: UInt16 = WireProtocol.version
    @Option(help: .hidden) var crashFile: String?
    @Option(help: .hidden) var reportCrash: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let problem = WorkerProcessLimit.problem(processes, option: "--processes") { throw ValidationError(problem) }
        if let giveUpAfter, !(giveUpAfter.isFinite && giveUpAfter > 0) {
            throw ValidationError("--give-up-after is \(giveUpAfter); allowed: a finite number of seconds > 0 (leave it out to wait forever)")
        }
        do {
            try EndpointSecurity.checkEndpoint(connect)
        } catch {
            throw ValidationError("--connect: \(error)")
        }
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        let status = try await WorkerLaunch(
            endpoint: connect, processes: processes, giveUpAfter: giveUpAfter, keys: curve.keys, key: curve.key, serverKey: curve.serverKey, id: id,
            parentPID: parentPid, protocolVersion: protocolVersion, crashFile: crashFile, reportCrash: reportCrash,
            logLevel: logging.logLevel, quiet: logging.quiet
        ).run(logger: Logger(label: "lyapsweep.worker"))
        if status != .success { throw status.exitCode }
    }
}
