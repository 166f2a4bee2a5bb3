import ArgumentParser
import Foundation
import Logging
import Wire
import Worker

/// `lyapsweep worker`: computes tasks for a coordinator.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Connect to a coordinator and compute its tasks until the sweep is complete.",
        discussion: """
            Runs --processes worker processes (default: one per core), each computing one task at a time. Workers keep
            heartbeating while they compute, reconnect if the coordinator goes away and comes back, and exit when it
            sends SHUTDOWN. Exit status: 0 after SHUTDOWN, 3 if refused (e.g. another protocol version), 4 if no
            coordinator answered within --give-up-after.
            """
    )

    @Option(help: "The coordinator's endpoint, e.g. tcp://head-node:5555.")
    var connect: String

    @Option(help: "Worker processes to run (default: the number of cores).")
    var processes: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Give up after this many seconds without a coordinator (default: wait forever).")
    var giveUpAfter: Double?

    @Option(help: "This worker's id (default: host-pid-random).")
    var id: String?

    @Option(help: .hidden) var parentPid: Int32?
    @Option(help: .hidden) var protocolVersion: UInt16 = WireProtocol.version

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard processes >= 1 else { throw ValidationError("--processes must be at least 1") }
    }

    func run() async throws {
        logging.bootstrap(defaultLevel: .info)
        if processes > 1 {
            var arguments = ["worker", "--connect", connect, "--processes", "1", "--parent-pid", "\(getpid())"]
            if let giveUpAfter { arguments += ["--give-up-after", "\(giveUpAfter)"] }
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
        let worker = WorkerProcess(
            configuration: WorkerConfiguration(endpoint: connect, workerID: workerID, giveUpAfterSeconds: giveUpAfter,
                                               parentPID: parentPid, protocolVersion: protocolVersion),
            logger: Logger(label: "lyapsweep.worker"))
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
