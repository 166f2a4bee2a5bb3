import Foundation
import Store
import Sweep
import Testing

/// A sweep with a precision target: 2 η × 4 ICs to start, 4 more at a time up to 16, until the SE of λ_nMLE is at
/// most 0.04 at every ε. At η = 1 the target is met with 12 ICs; at η = 2 some ε never meet it (28 tasks of ~0.1 s).
let adaptiveSweep = """
    # end-to-end adaptive sweep
    seed = 11
    [training]
    eta = [1.0, 2.0]
    steps = 300
    [ensemble]
    ics = 4
    members = 3
    epsilon = [1e-12, 1e-8, 1e-4]
    target_se = 0.04
    max_ics = 16
    batch = 4
    [fit]
    grid_start_max = 40
    grid_length_max = 80
    bootstrap = 200
    """

@Suite("Adaptive sweeps end to end", .serialized)
struct AdaptiveSweepTests {
    /// What a finished run leaves: the (η, IC) computed and the bytes of lambda.csv.
    struct Outcome: Equatable {
        var computed: Set<SweepTask>
        var lambdaCSV: String
    }

    static func outcome(_ harness: Harness, out: String) throws -> Outcome {
        let (computed, lambdaCSV) = try computedTasksAndTable(harness, out: out)
        return Outcome(computed: computed, lambdaCSV: lambdaCSV)
    }

    /// Runs `run --workers n` to the end in a fresh folder.
    static func run(workers: Int) async throws -> Outcome {
        let (harness, out, _) = try await runToEnd(adaptiveSweep, workers: workers)
        return try outcome(harness, out: out)
    }

    @Test("1 worker, 3 workers, and a coordinator kill -9 + restart compute the same ICs and byte-identical lambda.csv; every row meets the target or says max_ics reached")
    func identicalAcrossWorkersAndRestart() async throws {
        let one = try await Self.run(workers: 1)
        let three = try await Self.run(workers: 3)

        let harness = try Harness(sweep: adaptiveSweep)
        let out = harness.directory + "/tables"
        // Past the first prefixes (8 tasks), so the killed coordinator had already grown the sweep.
        let storedBeforeRestart = try await runWithCoordinatorRestart(harness, out: out, killAfter: 11)
        let restarted = try Self.outcome(harness, out: out)
        #expect(storedBeforeRestart < restarted.computed.count, "the kill came before the end")

        #expect(one.computed == three.computed && three.computed == restarted.computed)
        #expect(one.lambdaCSV == three.lambdaCSV && three.lambdaCSV == restarted.lambdaCSV)
        #expect(one.computed.count > 8 && one.computed.count < 32, "the sweep grew, and not to max_ics everywhere")

        let lines = one.lambdaCSV.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        let se = try #require(header.firstIndex(of: "standard_error")), status = try #require(header.firstIndex(of: "precision"))
        let total = try #require(header.firstIndex(of: "total"))
        for row in lines.dropFirst() {
            if row[status] == "met" {
                #expect(Double(row[se])! <= 0.04, "\(row)")
            } else {
                #expect(row[status] == "max_ics reached" && row[total] == "16", "\(row)")
            }
        }
        #expect(lines.dropFirst().contains { $0[status] == "met" } && lines.dropFirst().contains { $0[status] == "max_ics reached" })
    }

    @Test("status --db and the report show the adaptive state: ICs per η, kept, SE against the target, open rows")
    func statusAndReportShowPrecision() async throws {
        let harness = try Harness(sweep: adaptiveSweep)
        let run = try await harness.run(["run", harness.sweepPath, "--db", harness.databasePath, "--workers", "2", "--quiet"], label: "run")
        #expect(run.status == 0, "\(run.stderr)")
        let status = try await harness.run(["status", "--db", harness.databasePath], label: "status")
        #expect(status.stdout.contains("precision: target_se ≤ 0.04 at every ε, at most 16 ICs per η (4 at a time): 0 of 6 rows open"),
                "\(status.stdout)")
        #expect(status.stdout.contains("ICs 16/16") && status.stdout.contains("max_ics reached"), "\(status.stdout)")
        let report = try await harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        let index = try String(contentsOfFile: harness.directory + "/report/index.html", encoding: .utf8)
        #expect(index.contains("Precision target: target_se ≤ 0.04 at every ε, 4 ICs per η to start, 4 more at a time, at most 16:"), "\(index)")
        #expect(index.contains("<td>max_ics reached</td>") && index.contains("<td>met</td>"))
    }

    @Test("sweeps/iris-precision.toml validates and says how far it may grow")
    func shippedSweepValidates() async throws {
        let harness = try Harness(sweep: "")
        let path = SweepFilesTests.sweepsFolder + "/iris-precision.toml"
        let result = try await harness.run(["validate", path], label: "validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("up to 3000 ICs per η (100 at a time) until target_se ≤ 0.005 at every ε"), "\(result.stdout)")
    }
}

/// The dashboard of an adaptive sweep that is still growing, rendered by headless Chromium.
@Suite("The dashboard of an adaptive sweep", .serialized)
struct AdaptiveDashboardTests {
    @Test("Chromium shows the adaptive section with the rows still open while the sweep runs")
    func openRowsShown() async throws {
        // A target no row meets before max_ics: the sweep keeps growing, 4 ICs at a time, for the whole test.
        let text = adaptiveSweep.replacingOccurrences(of: "target_se = 0.04", with: "target_se = 0.0001")
            .replacingOccurrences(of: "max_ics = 16", with: "max_ics = 400")
        let harness = try Harness(sweep: text)
        let port = Harness.freePort()
        let base = "http://127.0.0.1:\(port)"
        let run = try harness.start(
            ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath, "--dashboard", "\(port)"], label: "run")
        defer { run.signal(SIGKILL) }
        #expect(await eventually(timeout: 60) { ((try? DashboardEndToEndTests.json(base + "/api/progress"))?["done"] as? Int ?? 0) >= 10 })
        let dom = try await DashboardEndToEndTests.renderedDOM(base + "/")
        let section = try #require(dom.range(of: #"<section class="wide" id="adaptive""#), "\(dom.prefix(2000))")
        let adaptive = dom[section.lowerBound...]
        #expect(!adaptive.prefix(80).contains("hidden"), "the section is shown")
        #expect(adaptive.contains("target_se ≤ 0.0001 at every ε, at most 400 ICs per η: 6 of 6 rows open"), "\(adaptive.prefix(1500))")
        #expect(adaptive.components(separatedBy: #"<tr data-status="open">"#).count - 1 == 6, "one open row per (η, ε)")
    }
}
