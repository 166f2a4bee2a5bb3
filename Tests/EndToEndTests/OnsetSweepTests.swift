import Foundation
import Store
import Sweep
import Testing

/// An onset search on Iris: a coarse grid 0.1, 0.46, 2.2, 10 with 8 ICs each, the kept fraction at ε = 1e-9 against
/// one half, refined to hi/lo − 1 ≤ 0.1 (about 9 η, 72 tasks of ~20 ms).
let onsetSweep = """
    # end-to-end onset search
    seed = 11
    [training]
    eta = { onset = { from = 0.1, to = 10, grid = 4, tolerance = 0.1 } }
    steps = 100
    [ensemble]
    ics = 8
    members = 3
    epsilon = [1e-9]
    [fit]
    grid_start_max = 30
    grid_length_max = 60
    bootstrap = 100
    """

@Suite("Onset searches end to end", .serialized)
struct OnsetSweepTests {
    /// What a finished search leaves: the (η, IC) computed, the bytes of lambda.csv and the brackets stored.
    struct Outcome: Equatable {
        var computed: Set<SweepTask>
        var lambdaCSV: String
        var brackets: [StoredOnsetBracket]
    }

    static func outcome(_ harness: Harness, out: String) throws -> Outcome {
        let (computed, lambdaCSV) = try computedTasksAndTable(harness, out: out)
        return Outcome(computed: computed, lambdaCSV: lambdaCSV,
                       brackets: try ResultStore(path: harness.databasePath, mode: .readOnly).onsetBrackets())
    }

    /// Runs `run --workers n` to the end in a fresh folder; returns the outcome and what it printed.
    static func run(workers: Int) async throws -> (Outcome, String) {
        let (harness, out, printed) = try await runToEnd(onsetSweep, workers: workers)
        return (try outcome(harness, out: out), printed)
    }

    @Test("1 worker, 3 workers, and a coordinator kill -9 + restart compute the same η and ICs, byte-identical lambda.csv and the same η_c")
    func identicalAcrossWorkersAndRestart() async throws {
        let (one, printed) = try await Self.run(workers: 1)
        let (three, _) = try await Self.run(workers: 3)

        let harness = try Harness(sweep: onsetSweep)
        let out = harness.directory + "/tables"
        // Past the coarse grid (32 tasks), so the killed coordinator had already added η.
        let storedBeforeRestart = try await runWithCoordinatorRestart(harness, out: out, killAfter: 38)
        let restarted = try Self.outcome(harness, out: out)
        #expect(storedBeforeRestart < restarted.computed.count, "the kill came before the end")

        #expect(one == three && three == restarted)
        let etas = Set(one.computed.map(\.etaIndex))
        #expect(etas.count > 4 && one.computed.count == etas.count * 8, "the search added η, each with all 8 ICs")
        // The refined bracket is stored, resolved, within the tolerance, and printed after the λ table.
        let refined = try #require(one.brackets.first { $0.refined })
        #expect(refined.resolved && refined.high / refined.low - 1 <= 0.1 && refined.criticalEta == (refined.low * refined.high).squareRoot())
        #expect(printed.contains("onset search: kept fraction = 0.5 at ε = 1e-09, bracket hi/lo − 1 ≤ 0.1; \(etas.count) η (\(etas.count) done, 0 open), finished"),
                "\(printed)")
        #expect(printed.contains("η_c = ") && printed.contains("resolved;") && printed.contains("cost: \(one.computed.count) tasks × "), "\(printed)")
        #expect(printed.range(of: "lambda_nMLE")!.lowerBound < printed.range(of: "η_c = ")!.lowerBound, "η_c follows the λ table")
    }

    @Test("status --db shows the search and η_c; the report draws the onset figure with its bracket")
    func statusAndReportShowOnset() async throws {
        let harness = try Harness(sweep: onsetSweep)
        let run = try await harness.run(["run", harness.sweepPath, "--db", harness.databasePath, "--workers", "2", "--quiet"], label: "run")
        #expect(run.status == 0, "\(run.stderr)")
        let status = try await harness.run(["status", "--db", harness.databasePath], label: "status")
        #expect(status.stdout.contains("onset search: kept fraction = 0.5") && status.stdout.contains(" done, 0 open), finished"), "\(status.stdout)")
        #expect(status.stdout.contains("η_c = "), "\(status.stdout)")
        let report = try await harness.run(["report", harness.databasePath, "--out", harness.directory + "/report"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        let index = try String(contentsOfFile: harness.directory + "/report/index.html", encoding: .utf8)
        #expect(index.contains("onset.svg") && index.contains("η_c = "), "\(index)")
        let figure = try String(contentsOfFile: harness.directory + "/report/onset.svg", encoding: .utf8)
        #expect(figure.contains("Kept fraction vs η") && figure.contains(#"data-name="bracket""#), "\(figure.prefix(2000))")
    }

    @Test("sweeps/iris-onset.toml validates and says what the search may cost")
    func shippedSweepValidates() async throws {
        let harness = try Harness(sweep: "")
        let result = try await harness.run(["validate", SweepFilesTests.sweepsFolder + "/iris-onset.toml"], label: "validate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 η × 100 ICs = 400 tasks") && result.stdout.contains("an onset search of kept_fraction = 0.5 at ε = 1e-09 (lowest crossing)"),
                "\(result.stdout)")
    }
}

/// The dashboard of an onset search that is still refining, rendered by headless Chromium.
@Suite("The dashboard of an onset search", .serialized)
struct OnsetDashboardTests {
    @Test("Chromium shows the search, its η_c and the bracket on the η views while the search runs")
    func bracketShown() async throws {
        // A tolerance of 1% and 16 ICs of 10 members per η on one worker: the search refines for a while.
        let text = onsetSweep.replacingOccurrences(of: "tolerance = 0.1", with: "tolerance = 0.01")
            .replacingOccurrences(of: "ics = 8", with: "ics = 16").replacingOccurrences(of: "members = 3", with: "members = 10")
        let harness = try Harness(sweep: text)
        let port = Harness.freePort()
        let base = "http://127.0.0.1:\(port)"
        let run = try harness.start(
            ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath, "--dashboard", "\(port)"], label: "run")
        defer { run.signal(SIGKILL) }
        // Past the coarse grid and the first refinement: a bracket exists and the search goes on; the page is
        // rendered at once, while it does.
        let rendered = try await whenOffThePool(timeout: 120, {
            let onset = (try? DashboardEndToEndTests.json(base + "/api/lambda"))?["onset"] as? [String: Any]
            return (onset?["points"] as? [Any])?.count ?? 0 >= 6
        }, then: { try DashboardEndToEndTests.renderedDOMBlocking(base + "/") })
        let dom = try #require(rendered, "no onset bracket on the dashboard within 120 s; the run's log:\n\(run.stderr)")
        let section = try #require(dom.range(of: #"<section class="wide" id="onset""#), "\(dom.prefix(2000))")
        let onset = dom[section.lowerBound...]
        #expect(!onset.prefix(80).contains("hidden"), "the section is shown")
        #expect(onset.contains("kept fraction = 0.5 at ε = 1e-9, bracket hi/lo − 1 ≤ 0.01") && onset.contains("running"), "\(onset.prefix(1500))")
        #expect(onset.contains("η_c = ") && onset.contains("refining;"), "\(onset.prefix(1500))")
        let kept = try #require(dom.range(of: #"id="kept-eta-plot""#))
        let plot = dom[kept.lowerBound...].prefix { $0 != "\u{0}" }
        let end = plot.range(of: "</svg>").map { plot[..<$0.lowerBound] } ?? plot
        #expect(end.contains(#"class="bracket""#) && end.contains(#"class="level""#), "\(end.prefix(1500))")
    }
}
