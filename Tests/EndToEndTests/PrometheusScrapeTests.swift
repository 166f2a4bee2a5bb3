import Dynamics
import Foundation
import Testing

/// Debian's `prometheus` (installed by `make test`) scraping a running sweep with the shipped scrape configuration.
@Suite("A real Prometheus scrapes a running sweep", .serialized)
struct PrometheusScrapeTests {
    static let shippedConfiguration = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/prometheus/prometheus.yml").path

    /// The result of an instant PromQL query: each series' labels and value.
    static func query(_ promQL: String, port: Int) throws -> [(labels: [String: String], value: Double)] {
        let encoded = promQL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promQL
        let answer = try DashboardEndToEndTests.json("http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)")
        let results = ((answer["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        return results.compactMap { series in
            guard let pair = series["value"] as? [Any], pair.count == 2, let text = pair[1] as? String, let value = Double(text) else {
                return nil
            }
            return ((series["metric"] as? [String: String]) ?? [:], value)
        }
    }

    @Test("the progress ratio, lyapsweep_info and up come back from PromQL, through the bearer token of the shipped configuration")
    func scrape() async throws {
        let prometheus = "/usr/bin/prometheus"
        try #require(FileManager.default.isExecutableFile(atPath: prometheus),
                     "Debian's prometheus is not installed (`make test` installs it: TEST_APT_PACKAGES)")
        let harness = try Harness(sweep: endToEndSweep(seed: 21, ics: 100, bootstrap: 50))
        let dashboardPort = Harness.freePort()
        let run = try harness.start(
            ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath, "--dashboard", "\(dashboardPort)",
             "--dashboard-token", "scrape-s3cret", "--quiet"], label: "run")
        defer { run.signal(SIGKILL) }

        // The shipped configuration with this run's port, a token file and a 1 s interval; nothing else changed.
        let tokenFile = harness.directory + "/dashboard.token"
        try "scrape-s3cret\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let shipped = try String(contentsOfFile: Self.shippedConfiguration, encoding: .utf8)
        #expect(shipped.contains("credentials_file: /etc/prometheus/lyapsweep-dashboard.token"))
        let configuration = shipped.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(dashboardPort)")
            .replacingOccurrences(of: "/etc/prometheus/lyapsweep-dashboard.token", with: tokenFile)
            .replacingOccurrences(of: "scrape_interval: 5s", with: "scrape_interval: 1s")
            .replacingOccurrences(of: "scrape_timeout: 4s", with: "scrape_timeout: 1s")
        let configurationPath = harness.directory + "/prometheus.yml"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)

        let port = Harness.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: prometheus)
        server.arguments = ["--config.file=\(configurationPath)", "--storage.tsdb.path=\(harness.directory)/prometheus-data",
                            "--web.listen-address=127.0.0.1:\(port)"]
        server.standardOutput = FileHandle.nullDevice
        let log = harness.directory + "/prometheus.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        server.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        var ratio: [(labels: [String: String], value: Double)] = []
        let scraped = await eventually(timeout: 60) {
            ratio = (try? Self.query("lyapsweep_progress_ratio", port: port)) ?? []
            return !ratio.isEmpty
        }
        let running = (try? DashboardEndToEndTests.json("http://127.0.0.1:\(dashboardPort)/api/progress?token=scrape-s3cret"))?["state"]
        #expect(scraped, "no sample of lyapsweep_progress_ratio; prometheus log:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let value = try #require(ratio.first?.value)
        #expect(value >= 0 && value <= 1, "progress ratio \(value)")
        #expect(running as? String == "running", "scraped while the sweep runs")
        #expect(try Self.query(#"up{job="lyapsweep"}"#, port: port).first?.value == 1, "the bearer token was accepted")
        let info = try Self.query("lyapsweep_info", port: port).first?.labels ?? [:]
        #expect(info["sweep"]?.isEmpty == false && info["variant"] == KernelVariant.active.rawValue && info["version"] != nil, "\(info)")
        #expect(try Self.query(#"lyapsweep_frames_rejected_total{reason="bad_magic"}"#, port: port).first?.value == 0,
                "counters exist from zero")
        #expect(try Self.query("process_resident_memory_bytes", port: port).first.map { $0.value > 0 } == true)
        print("Prometheus: lyapsweep_progress_ratio = \(value) (\(ratio.first?.labels ?? [:]))")
    }
}
