import Coordinator
import Dynamics
import Foundation
import Logging
import Worker

/// What `lyapsweep worker` was asked to do, and doing it: one worker process, or a supervisor of several.
public struct WorkerLaunch: Sendable {
    /// The coordinator's endpoint.
    public var endpoint: String
    /// Worker processes; above 1 this process supervises that many children.
    public var processes: Int
    /// Give up after this long without a coordinator, in seconds; nil waits forever.
    public var giveUpAfter: Double?
    /// The CURVE key folder and key files (`--keys`, `--key`, `--server-key`).
    public var keys: String?, key: String?, serverKey: String?
    /// This worker's id; nil makes one of the host, the pid and a random number.
    public var id: String?
    /// Exit when this process is no longer the parent (local workers of `run`).
    public var parentPID: Int32?
    /// The wire protocol version to speak (tests change it).
    public var protocolVersion: UInt16
    /// Where to note the task being computed (`--crash-file`, set by a supervisor).
    public var crashFile: String?
    /// The predecessor's crash to report (`--report-crash WORKER:TASK:REASON`, set by a supervisor).
    public var reportCrash: String?
    /// The log level and quietness to hand to children.
    public var logLevel: Logger.Level?, quiet: Bool

    /// Creates a launch; see the properties.
    public init(endpoint: String, processes: Int, giveUpAfter: Double?, keys: String?, key: String?, serverKey: String?, id: String?,
                parentPID: Int32?, protocolVersion: UInt16, crashFile: String?, reportCrash: String?, logLevel: Logger.Level?,
                quiet: Bool) {
        self.endpoint = endpoint
        self.processes = processes
        self.giveUpAfter = giveUpAfter
        self.keys = keys
        self.key = key
        self.serverKey = serverKey
        self.id = id
        self.parentPID = parentPID
        self.protocolVersion = protocolVersion
        self.crashFile = crashFile
        self.reportCrash = reportCrash
        self.logLevel = logLevel
        self.quiet = quiet
    }

    /// Runs the worker (or supervises the workers) until SHUTDOWN, refusal, abandonment or SIGTERM/SIGINT.
    ///
    /// - Returns: the exit status, having printed why on standard error when it is not success.
    public func run(logger: Logger) async throws -> ExitStatus {
        let variant: KernelVariant
        do {
            variant = try KernelVariant.selected()
        } catch {
            printError("lyapsweep worker: \(error)")
            return .refused
        }
        let security: WorkerSecurity?
        do {
            security = try KeyDirectory.workerSecurity(keys: keys, secretKeyFile: key, serverKeyFile: serverKey)
        } catch {
            printError("lyapsweep worker: \(error)")
            return .refused
        }
        if processes > 1 {
            var arguments = ["worker", "--connect", endpoint, "--processes", "1", "--parent-pid", "\(getpid())"]
            for (option, value) in [("--give-up-after", giveUpAfter.map { "\($0)" }), ("--keys", keys), ("--key", key),
                                    ("--server-key", serverKey), ("--log-level", logLevel?.rawValue)] {
                if let value { arguments += [option, value] }
            }
            if quiet { arguments.append("--quiet") }
            let failure = try await WorkerSupervisor.run(processes: processes, arguments: arguments, logger: logger)
            return failure.flatMap(ExitStatus.init(rawValue:)) ?? (failure == nil ? .success : .failure)
        }
        logger.info("kernel variant \(variant.rawValue) (\(variant.laneWidth) lanes)")
        if let warning = variant.slowPathWarning { logger.warning("\(warning)") }
        if security == nil && !EndpointSecurity.isLocal(endpoint) {
            logger.warning("connecting to \(endpoint) in plaintext (no --keys): only a coordinator started with --insecure admits it")
        }
        let configuration = WorkerConfiguration(
            endpoint: endpoint, workerID: id ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))",
            giveUpAfterSeconds: giveUpAfter, parentPID: parentPID, protocolVersion: protocolVersion, security: security,
            crashNotePath: crashFile, predecessorCrash: reportCrash.flatMap(PredecessorCrash.init(argument:)))
        switch try await WorkerSupervisor.runOne(configuration, logger: logger) {
        case .shutdown, .stopped, nil: return .success
        case .refused(let reason):
            printError("lyapsweep worker: refused by the coordinator: \(reason)")
            return .workerRefused
        case .abandoned(let reason):
            printError("lyapsweep worker: giving up: \(reason)")
            return .workerGaveUp
        }
    }
}
