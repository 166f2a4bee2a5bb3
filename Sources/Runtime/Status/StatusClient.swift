import Coordinator
import Foundation
import Sweep
import Wire
import Worker
import ZeroMQ

/// Asks a running coordinator for its live state over its ZeroMQ endpoint (a STATUS_REQUEST on a DEALER socket).
public enum StatusClient {
    /// The coordinator's status, as the JSON text it sent.
    ///
    /// - Parameters:
    ///   - endpoint: The coordinator's endpoint, e.g. `tcp://head-node:5555`.
    ///   - security: CURVE keys (a coordinator started with keys answers only authorized clients); nil for plaintext.
    ///   - timeout: How long to wait for the answer.
    /// - Throws: ``StatusClientError`` when no answer comes in time or the answer is not a status reply.
    public static func ask(_ endpoint: String, security: WorkerSecurity?, timeout: Duration) throws -> String {
        let context = try Context()
        let socket = try context.makeSocket(.dealer)
        defer { socket.close() }
        try socket.setLinger(milliseconds: 0)
        try socket.setReceiveTimeout(milliseconds: timeout.milliseconds)
        if let security {
            try socket.configureCurveClient(keyPair: security.keyPair, serverPublicKey: security.serverPublicKey)
        }
        try socket.connect(endpoint)
        try socket.send(WireCodec.encode(.statusRequest))
        guard let frames = try socket.receive() else {
            let hint = security == nil
                ? " (a coordinator started with --keys answers only CURVE clients: give --keys DIR)"
                : " (is the key authorized in the coordinator's authorized/ folder, and the server key the coordinator's?)"
            throw StatusClientError(description: "no answer from a coordinator at \(endpoint) within \(timeout.seconds) s" + hint)
        }
        guard case .statusReply(let reply) = try? WireCodec.decode(frames) else {
            throw StatusClientError(description: "the coordinator at \(endpoint) sent something other than a status reply")
        }
        return reply.json
    }
}

/// A coordinator did not answer a status request, or answered something else.
public struct StatusClientError: Error, CustomStringConvertible {
    /// What happened, with the endpoint.
    public let description: String
}

extension CoordinatorStatus {
    /// The text `lyapsweep status --connect` prints.
    public func text() -> String {
        let rate = Double(trajectoryStepsIncludingRunning) / max(elapsedSeconds, 1e-9)
        let remaining = progress.total - progress.done - progress.failed
        let eta = remaining == 0 ? "complete" : etaSeconds.map { "ETA " + ProgressLine.duration($0) } ?? "ETA estimating"
        let name = overrides.isEmpty ? sweepName : "\(sweepName) (\(overrides.summary))"
        var lines = [
            "\(name) at \(endpoint)\(insecure ? " (INSECURE: plaintext on the network)" : "")",
            "tasks: \(progress.done)/\(progress.total) done, \(progress.running) running, \(progress.failed) failed, "
                + "\(progress.retries) retries, \(progress.rejectedFrames) rejected frames · "
                + String(format: "%.0f trajectory-steps/s · ", rate) + eta,
        ]
        if !workers.isEmpty {
            lines.append("workers:")
            for worker in workers {
                let task = worker.inFlight.isEmpty
                    ? (worker.requeued.isEmpty ? "-" : "re-queued \(worker.requeued.map(String.init).joined(separator: ","))")
                    : worker.inFlight.map(String.init).joined(separator: ",")
                let mean = worker.meanTaskSeconds.map { String(format: "%.2f s", $0) } ?? "-"
                lines.append("  \(worker.id)  host \(worker.host)  pid \(worker.pid)  \(worker.state.rawValue)  task \(task)  "
                             + "steps in task \(worker.stepsInCurrentTask)  tasks done \(worker.tasksDone)  mean task \(mean)  "
                             + String(format: "last heard %.1f s ago", worker.silentSeconds))
            }
            if workersNotShown > 0 { lines.append("  … and \(workersNotShown) more workers") }
        }
        if let precision { lines.append(precision.text()) }
        if let onset { lines.append(onset.text()) }
        if !rejectedFrames.isEmpty {
            lines.append("rejected frames: " + rejectedFrames.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// `lyapsweep status`: a run's state from its database or from its running coordinator, as text or JSON.
public enum StatusQuery {
    /// What to print on standard output (nil if nothing), and the exit status; errors are printed on standard error.
    ///
    /// - Parameter path: The run's database; nil for the most recent run under `results/` (``latestDatabase(under:)``).
    public static func database(_ path: String?, json: Bool) -> (output: String?, status: ExitStatus) {
        do {
            let status = try DatabaseStatus.read(path: path ?? latestDatabase(under: "results"))
            return (json ? try sortedJSON(status, pretty: true) : status.text(), .success)
        } catch {
            printError("lyapsweep status: \(error)")
            return (nil, .databaseUnavailable)
        }
    }

    /// The database of the most recently active run under `folder`: of every `folder/*/results.sqlite`, the one
    /// whose file or write-ahead log was modified last.
    ///
    /// - Throws: ``StatusClientError`` if there is none, saying where it looked and what to give instead.
    public static func latestDatabase(under folder: String) throws -> String {
        let manager = FileManager.default
        let runs = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).compactMap { name -> (String, Date)? in
            let path = "\(folder)/\(name)/results.sqlite"
            let modified = [path, path + "-wal"].compactMap { try? manager.attributesOfItem(atPath: $0)[.modificationDate] as? Date }
            return modified.max().map { (path, $0) }
        }
        guard let latest = runs.max(by: { $0.1 < $1.1 }) else {
            throw StatusClientError(description: """
                no run under \(folder)/ (no \(folder)/*/results.sqlite here, in \(manager.currentDirectoryPath)); \
                give --db FILE or --connect ENDPOINT
                """)
        }
        return latest.0
    }

    /// The live state of the coordinator at `endpoint`, asked with the given keys (the CLI's `--keys`, `--key`,
    /// `--server-key`).
    public static func coordinator(_ endpoint: String, keys: String?, key: String?, serverKey: String?, timeout: Duration,
                                   json: Bool) -> (output: String?, status: ExitStatus) {
        let reply: String
        do {
            let security = try KeyDirectory.workerSecurity(keys: keys, secretKeyFile: key, serverKeyFile: serverKey)
            reply = try StatusClient.ask(endpoint, security: security, timeout: timeout)
        } catch {
            printError("lyapsweep status: \(error)")
            return (nil, .failure)
        }
        guard !json, let status = try? JSONDecoder().decode(CoordinatorStatus.self, from: Data(reply.utf8)) else {
            return (reply, .success)
        }
        return (status.text(), .success)
    }
}
