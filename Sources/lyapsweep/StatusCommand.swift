import ArgumentParser
import Coordinator
import Foundation
import Report
import Store
import Sweep
import Wire
import ZeroMQ

/// `lyapsweep status`: how far a sweep is, from its database or from its running coordinator.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a sweep's progress, workers and current λ_nMLE table.",
        discussion: """
            --db FILE reads the run's database (during the run or after it); --connect ENDPOINT asks a running \
            coordinator over its ZeroMQ endpoint for its live state (ETA, throughput, every worker with its state, \
            current task and steps done in it, rejected frames).

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
        if let db { try showDatabase(db) } else if let connect { try askCoordinator(connect) }
    }

    private func showDatabase(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        let store = try ResultStore(path: path)
        defer { try? store.close() }
        guard let run = try store.run() else { throw ValidationError("\(path) holds no run yet") }
        let definition = try JSONDecoder().decode(SweepDefinition.self, from: Data(run.definitionJSON.utf8))
        var table = LambdaTable(definition: definition)
        table.add(try store.fits())
        let counts = try store.taskCounts()
        let workers = try store.workers()
        let total = counts.values.reduce(0, +)
        let done = counts[.done] ?? 0, failed = counts[.failed] ?? 0
        if json {
            struct Status: Encodable {
                var sweep: String; var total: Int; var done: Int; var failed: Int; var finished: Bool
                var counters: [String: Int]; var workers: [StoredWorker]; var lambda: [LambdaRow]
            }
            let status = Status(sweep: run.sweepName, total: total, done: done, failed: failed, finished: run.finishedAt != nil,
                                counters: try store.counters(), workers: workers, lambda: table.rows())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        print("\(run.sweepName): \(done)/\(total) tasks done, \(failed) failed, \(run.finishedAt == nil ? "not finished" : "finished")")
        let now = Date().timeIntervalSince1970
        if !workers.isEmpty {
            print("\nworkers:")
            for worker in workers {
                print("  \(worker.id)  host \(worker.host)  pid \(worker.pid)  \(worker.state)  tasks done \(worker.tasksDone)  "
                      + String(format: "last heard %.0f s ago", now - worker.lastSeen))
            }
        }
        let counters = try store.counters()
        if !counters.isEmpty {
            print("\ncounters: " + counters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        print("\n" + LambdaTableText.render(table.rows()))
    }

    private func askCoordinator(_ endpoint: String) throws {
        let context = try Context()
        let socket = try context.makeSocket(.dealer)
        defer { socket.close() }
        try socket.setLinger(milliseconds: 0)
        try socket.setReceiveTimeout(milliseconds: Int(timeout * 1000))
        let secretKeyFile = key ?? keys.map { KeyDirectory(path: $0).workerSecretKey(1) }
        let serverKeyFile = serverKey ?? keys.map { KeyDirectory(path: $0).coordinatorPublicKey }
        if let secretKeyFile, let serverKeyFile {
            do {
                let security = try KeyDirectory.workerSecurity(secretKeyFile: secretKeyFile, serverKeyFile: serverKeyFile)
                try socket.configureCurveClient(keyPair: security.keyPair, serverPublicKey: security.serverPublicKey)
            } catch {
                printError("lyapsweep status: \(error)")
                throw ExitCode(2)
            }
        }
        try socket.connect(endpoint)
        try socket.send(WireCodec.encode(.statusRequest))
        guard let frames = try socket.receive() else {
            let hint = secretKeyFile == nil
                ? " (a coordinator started with --keys answers only CURVE clients: give --keys DIR)"
                : " (is the key authorized in the coordinator's authorized/ folder, and the server key the coordinator's?)"
            printError("lyapsweep status: no answer from a coordinator at \(endpoint) within \(timeout) s" + hint)
            throw ExitCode(1)
        }
        guard case .statusReply(let reply) = try WireCodec.decode(frames) else {
            throw ValidationError("the coordinator at \(endpoint) sent something other than a status reply")
        }
        if json {
            print(reply.json)
            return
        }
        guard let status = try? JSONDecoder().decode(CoordinatorStatus.self, from: Data(reply.json.utf8)) else {
            print(reply.json)
            return
        }
        print(Self.render(status))
    }

    /// The text form of a coordinator's live status.
    static func render(_ status: CoordinatorStatus) -> String {
        let progress = status.progress
        let rate = Double(status.trajectoryStepsIncludingRunning) / max(status.elapsedSeconds, 1e-9)
        let remaining = progress.total - progress.done - progress.failed
        let eta = remaining == 0 ? "complete" : status.etaSeconds.map { "ETA " + ProgressLine.duration($0) } ?? "ETA estimating"
        var lines = [
            "\(status.sweepName) at \(status.endpoint)\(status.insecure ? " (INSECURE: plaintext on the network)" : "")",
            "tasks: \(progress.done)/\(progress.total) done, \(progress.running) running, \(progress.failed) failed, "
                + "\(progress.retries) retries, \(progress.rejectedFrames) rejected frames · "
                + String(format: "%.0f trajectory-steps/s · ", rate) + eta,
        ]
        if !status.workers.isEmpty {
            lines.append("workers:")
            for worker in status.workers {
                let task = worker.inFlight.isEmpty
                    ? (worker.requeued.isEmpty ? "-" : "re-queued \(worker.requeued.map(String.init).joined(separator: ","))")
                    : worker.inFlight.map(String.init).joined(separator: ",")
                let mean = worker.meanTaskSeconds.map { String(format: "%.2f s", $0) } ?? "-"
                lines.append("  \(worker.id)  host \(worker.host)  pid \(worker.pid)  \(worker.state.rawValue)  task \(task)  "
                             + "steps in task \(worker.stepsInCurrentTask)  tasks done \(worker.tasksDone)  mean task \(mean)  "
                             + String(format: "last heard %.1f s ago", worker.silentSeconds))
            }
        }
        if !status.rejectedFrames.isEmpty {
            lines.append("rejected frames: " + status.rejectedFrames.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
