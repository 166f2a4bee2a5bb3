import ArgumentParser
import Coordinator
import Runtime

/// `lyapsweep status`: how far a sweep is, from its database or from its running coordinator.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a sweep's progress, workers and current λ_nMLE table.",
        discussion: """
            No option: the most recent run under results/. --db FILE reads a run's database (while it runs or after): \
            progress, elapsed time, rate, ETA, workers, a running coordinator's endpoint. --connect ENDPOINT asks a \
            running coordinator for its live state (every worker's state, task and steps; at most 200 workers listed).

            A coordinator started with --keys admits only authorized CURVE keys, status requests included: give the \
            same keys as a worker (--keys DIR: DIR/coordinator.pub and DIR/workers/worker-1.key, or --key FILE \
            --server-key FILE).
            """
    )

    @Option(help: "The run's database (SQLite).")
    var db: String?

    @Option(help: "A running coordinator's endpoint, e.g. tcp://head-node:5555.")
    var connect: String?

    @OptionGroup(title: "CURVE keys") var curve: ClientKeyOptions

    @Option(help: "Seconds to wait for the coordinator's answer (more than 0, at most 3600).")
    var timeout: Double = 5

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard db == nil || connect == nil else { throw ValidationError("give one of --db FILE or --connect ENDPOINT, not both") }
        if connect == nil && (curve.keys ?? curve.key ?? curve.serverKey) != nil { throw ValidationError("--keys, --key and --server-key go with --connect") }
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout is \(timeout); allowed: more than 0 and at most 3600 seconds")
        }
        if let connect {
            do { try EndpointSecurity.checkEndpoint(connect) } catch { throw ValidationError("--connect: \(error)") }
        }
    }

    func run() throws {
        let (output, status) = if let connect {
            StatusQuery.coordinator(connect, keys: curve.keys, key: curve.key, serverKey: curve.serverKey, timeout: .seconds(timeout), json: json)
        } else { StatusQuery.database(db, json: json) }
        if let output { print(output) }
        if status != .success { throw status.exitCode }
    }
}
