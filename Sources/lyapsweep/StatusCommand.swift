import ArgumentParser
import Coordinator
import Foundation
import Runtime
import Sweep

/// `lyapsweep status`: how far a sweep is, from its database or from its running coordinator.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a sweep's progress, workers and current λ_nMLE table.",
        discussion: """
            --db FILE reads the run's database (during the run or after it); --connect ENDPOINT asks a running \
            coordinator over its ZeroMQ endpoint for its live state (ETA, throughput, every worker with its state, \
            current task and steps done in it, rejected frames; at most 200 workers are listed).

            A coordinator started with --keys admits only authorized CURVE keys, status requests included: give the \
            same keys as a worker (--keys DIR: DIR/coordinator.pub and DIR/workers/worker-1.key, or --key FILE \
            --server-key FILE).
            """
    )

    @Option(help: "The run's database (SQLite).")
    var db: String?

    @Option(help: "A running coordinator's endpoint, e.g. tcp://head-node:5555.")
    var connect: String?

    @Option(help: "CURVE keys folder (`lyapsweep keys generate`): DIR/coordinator.pub and DIR/workers/worker-1.key.",
            completion: .directory)
    var keys: String?

    @Option(help: "An authorized secret key file (default with --keys: DIR/workers/worker-1.key).", completion: .file())
    var key: String?

    @Option(help: "The coordinator's public key file (default with --keys: DIR/coordinator.pub).", completion: .file())
    var serverKey: String?

    @Option(help: "Seconds to wait for the coordinator's answer (more than 0, at most 3600).")
    var timeout: Double = 5

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (db == nil) != (connect == nil) else { throw ValidationError("give exactly one of --db FILE or --connect ENDPOINT") }
        if keys == nil && (key == nil) != (serverKey == nil) {
            throw ValidationError("--key and --server-key go together (or give --keys DIR)")
        }
        if db != nil && (keys != nil || key != nil) { throw ValidationError("--keys, --key and --server-key go with --connect") }
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout is \(timeout); allowed: more than 0 and at most 3600 seconds")
        }
        if let connect {
            do { try EndpointSecurity.checkEndpoint(connect) } catch { throw ValidationError("--connect: \(error)") }
        }
    }

    func run() throws {
        let (output, status) = if let db { StatusQuery.database(db, json: json) } else {
            StatusQuery.coordinator(connect ?? "", keys: keys, key: key, serverKey: serverKey, timeout: .seconds(timeout), json: json)
        }
        if let output { print(output) }
        if status != .success { throw status.exitCode }
    }
}
