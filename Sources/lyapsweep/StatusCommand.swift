import ArgumentParser
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
            --db FILE reads the run's database (during the run or after it); --connect ENDPOINT asks a running
            coordinator over its ZeroMQ endpoint for its live state (workers in flight, rejected frames).
            """
    )

    @Option(help: "The run's database (SQLite).")
    var db: String?

    @Option(help: "A running coordinator's endpoint, e.g. tcp://head-node:5555.")
    var connect: String?

    @Option(help: "Seconds to wait for the coordinator's answer.")
    var timeout: Double = 5

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (db == nil) != (connect == nil) else { throw ValidationError("give exactly one of --db FILE or --connect ENDPOINT") }
    }

    func run() throws {
        if let db { try showDatabase(db) } else if let connect { try askCoordinator(connect) }
    }

    private func showDatabase(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        let store = try ResultStore(path: path)
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
        try socket.connect(endpoint)
        try socket.send(WireCodec.encode(.statusRequest))
        guard let frames = try socket.receive() else {
            throw ValidationError("no answer from a coordinator at \(endpoint) within \(timeout) s")
        }
        guard case .statusReply(let reply) = try WireCodec.decode(frames) else {
            throw ValidationError("the coordinator at \(endpoint) sent something other than a status reply")
        }
        if json {
            print(reply.json)
            return
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(reply.json.utf8)) as? [String: Any],
              let progress = object["progress"] as? [String: Any] else {
            print(reply.json)
            return
        }
        print("tasks: \(progress["done"] ?? 0)/\(progress["total"] ?? 0) done, \(progress["running"] ?? 0) running, "
              + "\(progress["failed"] ?? 0) failed, \(progress["retries"] ?? 0) retries, \(progress["rejectedFrames"] ?? 0) rejected frames")
        for case let worker as [String: Any] in (object["workers"] as? [Any]) ?? [] {
            print("  \(worker["id"] ?? "?")  host \(worker["host"] ?? "?")  pid \(worker["pid"] ?? "?")  "
                  + "tasks \(worker["inFlight"] ?? [])  " + String(format: "silent %.1f s", (worker["silentSeconds"] as? Double) ?? 0))
        }
    }
}
