import Foundation
import Testing

/// A sweep of ~300 short tasks: long enough to load the page twice, scrape /metrics and kill a worker
/// while it runs.
private let dashboardSweep = endToEndSweep(seed: 5, ics: 150, bootstrap: 50)

/// The dashboard of a real `lyapsweep run`, watched the way a user does: Chromium, curl, `status`.
@Suite("The dashboard of a running sweep", .serialized)
struct DashboardEndToEndTests {
    /// GET with curl: the status code and the body.
    static func get(_ url: String, headers: [String] = []) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--max-time", "10", "-w", "\n%{http_code}"] + headers.flatMap { ["-H", $0] } + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let split = text.range(of: "\n", options: .backwards)
        let body = split.map { String(text[..<$0.lowerBound]) } ?? ""
        let status = split.map { Int(text[$0.upperBound...]) ?? 0 } ?? 0
        return (status, body)
    }

    /// A JSON object from an API path.
    static func json(_ url: String) throws -> [String: Any] {
        let (status, body) = try get(url)
        guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            return [:]
        }
        return object
    }

    /// The DOM Chromium renders after running the page's scripts for a few seconds.
    static func renderedDOM(_ url: String) async throws -> String {
        try await offThePool { try renderedDOMBlocking(url) }
    }

    /// ``renderedDOM(_:)`` on the calling thread (which it blocks for a few seconds).
    static func renderedDOMBlocking(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--timeout=3000", "--dump-dom", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The tasks done according to the rendered progress box (`data-done`).
    static func tasksDone(inDOM dom: String) -> Int? {
        guard let range = dom.range(of: #"id="progress" data-done="(\d+)""#, options: .regularExpression) else { return nil }
        return Int(dom[range].filter(\.isNumber))
    }

    /// Every problem with a Prometheus text exposition: lines that are not HELP/TYPE comments or samples,
    /// and samples of metrics without a TYPE line.
    static func expositionProblems(_ text: String) -> [String] {
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*""#
        // NaN as Prometheus's parser reads it (any case: swift-prometheus writes `nan`).
        let value = #"(?:[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|[Nn][Aa][Nn]|[+-]Inf)"#
        let sample = "^(\(name))(?:\\{\(label)(?:,\(label))*\\})? \(value)(?: -?[0-9]+)?$"
        let help = "^# HELP \(name) .*$", type = "^# TYPE (\(name)) (counter|gauge|histogram|summary|untyped)$"
        var typed = Set<String>()
        var problems: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.range(of: help, options: .regularExpression) != nil { continue }
            if line.range(of: type, options: .regularExpression) != nil {
                typed.insert(String(line.split(separator: " ")[2]))
            } else if line.range(of: sample, options: .regularExpression) != nil {
                let metric = String(line.prefix { $0 != "{" && $0 != " " })
                let base = ["_bucket", "_sum", "_count"].reduce(metric) { name, suffix in
                    name.hasSuffix(suffix) && typed.contains(String(name.dropLast(suffix.count))) ? String(name.dropLast(suffix.count)) : name
                }
                if !typed.contains(base) { problems.append("no TYPE for: \(line)") }
            } else {
                problems.append("not exposition format: \(line)")
            }
        }
        return problems
    }

    /// The value of an unlabelled sample.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test("Chromium renders progress, workers and the λ plot, progress advances, /metrics is valid and matches the database, a killed worker shows dead")
    func liveDashboard() async throws {
        let harness = try Harness(sweep: dashboardSweep)
        let port = Harness.freePort()
        let base = "http://127.0.0.1:\(port)"
        let run = try harness.start(
            ["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath, "--dashboard", "\(port)",
             "--dashboard-linger", "30"], label: "run")
        defer { run.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { ((try? Self.json(base + "/api/progress"))?["done"] as? Int ?? 0) >= 10 })

        // The page, twice, as a browser renders it.
        let first = try await Self.renderedDOM(base + "/")
        try await Task.sleep(for: .seconds(2))
        let second = try await Self.renderedDOM(base + "/")
        let doneFirst = try #require(Self.tasksDone(inDOM: first), "\(first.prefix(2000))")
        let doneSecond = try #require(Self.tasksDone(inDOM: second))
        #expect(doneSecond > doneFirst, "progress advances between two loads: \(doneFirst) → \(doneSecond)")
        #expect(second.contains(#"id="progress-fill""#) && second.contains(" tasks ("))
        #expect(second.components(separatedBy: #"<tr class="worker state-alive""#).count - 1 == 2, "two live worker rows")
        let plot = try #require(second.range(of: #"<svg id="lambda-plot""#)).upperBound
        #expect(second[plot...].contains("<circle"), "the λ plot has points")

        // /metrics mid-run: every line is valid exposition.
        let metrics = try Self.get(base + "/metrics")
        #expect(metrics.status == 200)
        #expect(Self.expositionProblems(metrics.body).isEmpty, "\(Self.expositionProblems(metrics.body))")
        #expect(metrics.body.contains(#"lyapsweep_tasks{state="done"}"#))

        // Kill one worker: the dashboard and `status` show it dead and its tasks re-queued.
        let workers = try #require(try Self.json(base + "/api/workers")["workers"] as? [[String: Any]])
        let victim = try #require(workers.first { $0["state"] as? String == "alive" }?["pid"] as? Int)
        kill(pid_t(victim), SIGKILL)
        func victimRow() -> [String: Any]? {
            ((try? Self.json(base + "/api/workers"))?["workers"] as? [[String: Any]])?.first { $0["pid"] as? Int == victim }
        }
        #expect(await eventually(timeout: 20) { victimRow()?["state"] as? String == "dead" }, "\(String(describing: victimRow()))")
        #expect((victimRow()?["requeued"] as? [Int])?.isEmpty == false, "its tasks were re-queued: \(String(describing: victimRow()))")
        let endpoint = try #require(try Self.json(base + "/api/progress")["endpoint"] as? String)
        let status = try await harness.run(["status", "--connect", endpoint, "--json"], label: "status", timeout: 30)
        let statusJSON = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let statusWorkers = try #require(statusJSON["workers"] as? [[String: Any]], "\(status.stdout)")
        #expect(statusWorkers.first { $0["pid"] as? Int == victim }?["state"] as? String == "dead", "\(status.stdout)")

        // The end: the counters equal what the database holds.
        #expect(await eventually(timeout: 240) {
            let progress = (try? Self.json(base + "/api/progress")) ?? [:]
            return (progress["done"] as? Int ?? 0) + (progress["failed"] as? Int ?? 0) == 300
        })
        let final = try Self.get(base + "/metrics").body
        run.signal(SIGTERM)
        try await run.wait(timeout: 60)
        let stored = try harness.storedResults()
        #expect(stored.count == 300)
        #expect(Self.sample("lyapsweep_results_stored_total", in: final) == Double(stored.count), "\(final)")
        let stepsPerTask = (1500 + 1) * (1 + 4 * 3)
        #expect(Self.sample("lyapsweep_trajectory_steps_total", in: final) == Double(stored.count * stepsPerTask))
    }

    @Test("a non-loopback dashboard needs a token; with one, requests without it get 401")
    func tokenRule() async throws {
        let harness = try Harness(sweep: dashboardSweep)
        let port = Harness.freePort()
        let refused = try await harness.run(
            ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath, "--dashboard", "\(port)",
             "--dashboard-host", "0.0.0.0"], label: "refused", timeout: 60)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--dashboard-token"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: harness.databasePath), "refused before anything is created")

        let run = try harness.start(
            ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath, "--dashboard", "\(port)",
             "--dashboard-host", "0.0.0.0", "--dashboard-token", "s3cret"], label: "run")
        defer { run.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { (try? Self.get("http://127.0.0.1:\(port)/healthz").status) == 200 })
        #expect(try Self.get("http://127.0.0.1:\(port)/api/progress").status == 401)
        #expect(try Self.get("http://127.0.0.1:\(port)/").status == 401)
        #expect(try Self.get("http://127.0.0.1:\(port)/api/progress", headers: ["Authorization: Bearer s3cret"]).status == 200)
        #expect(try Self.get("http://127.0.0.1:\(port)/?token=s3cret").status == 200)
        run.signal(SIGTERM)
        try await run.wait(timeout: 60)
    }
}
