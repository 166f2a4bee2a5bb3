import Foundation
import Store
import Sweep
import Testing

/// `status` through a run's life, overrides recorded and kept apart, and `export` read back by pandas and NumPy.
@Suite("Status, overrides and data out", .serialized)
struct StatusAndDataTests {
    /// `lyapsweep status [ARGUMENTS] --json` in the harness's folder, decoded.
    static func status(_ harness: Harness, _ arguments: [String] = [], label: String) async throws -> [String: Any] {
        let process = try await harness.run(["status"] + arguments + ["--json"], label: label, timeout: 60)
        #expect(process.status == 0, "\(process.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(process.stdout.utf8))
        return try #require(object as? [String: Any], "\(process.stdout)")
    }

    /// The workers' states in a status.
    static func workerStates(_ status: [String: Any]) -> [String] {
        ((status["workers"] as? [[String: Any]]) ?? []).compactMap { $0["state"] as? String }
    }

    @Test("status with no argument follows a run: running with its endpoint, stopped with no worker alive, finished with its times")
    func statusThroughInterruptAndResume() async throws {
        // 60 tasks of ~0.2 s on one worker: long enough to ask for status and interrupt in the middle.
        let harness = try Harness(sweep: endToEndSweep(seed: 11, ics: 30, bootstrap: 50))
        let database = harness.directory + "/results/sweep/results.sqlite"
        let started = Date()
        let first = try harness.start(["run", "sweep.toml", "--workers", "1"], label: "run1")
        #expect(await eventually(timeout: 120) {
            FileManager.default.fileExists(atPath: database)
                && ((try? ResultStore(path: database, mode: .readOnly).resultCount()) ?? 0) >= 3
        })

        let running = try await Self.status(harness, label: "status-running")
        #expect(running["state"] as? String == "running")
        #expect(running["database"] as? String == "results/sweep/results.sqlite")
        let endpoint = try #require(running["endpoint"] as? String)
        #expect(first.stderr.contains("lyapsweep status --connect \(endpoint)"), "\(first.stderr)")
        let live = try await harness.run(["status", "--connect", endpoint, "--json"], label: "status-connect", timeout: 60)
        #expect(live.status == 0 && live.stdout.contains("\"sweepName\""), "\(live.stderr)")
        #expect(Self.workerStates(running).contains("alive"))

        first.signal(SIGINT)
        try await first.wait(timeout: 60)
        #expect(first.status == 130, "\(first.stderr)")
        let stopped = try await Self.status(harness, label: "status-stopped")
        #expect(stopped["state"] as? String == "stopped")
        #expect(stopped["finished"] as? Bool == false)
        #expect(stopped["etaSeconds"] == nil)
        #expect(stopped["endpoint"] == nil)
        #expect(!Self.workerStates(stopped).isEmpty)
        #expect(!Self.workerStates(stopped).contains("alive"), "\(Self.workerStates(stopped))")
        let stoppedElapsed = try #require(stopped["elapsedSeconds"] as? Double)
        #expect(stoppedElapsed > 0)
        let text = try await harness.run(["status"], label: "status-stopped-text", timeout: 60)
        #expect(text.stdout.contains("stopped") && text.stdout.contains("no ETA"), "\(text.stdout)")

        let second = try await harness.run(["run", "sweep.toml", "--workers", "1"], label: "run2")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resuming"))
        let wall = Date().timeIntervalSince(started)

        let finished = try await Self.status(harness, label: "status-finished")
        #expect(finished["state"] as? String == "finished")
        #expect(finished["finished"] as? Bool == true)
        #expect(finished["done"] as? Int == 60)
        #expect(finished["etaSeconds"] as? Double == 0)
        let elapsed = try #require(finished["elapsedSeconds"] as? Double)
        #expect(elapsed > stoppedElapsed && elapsed <= wall, "elapsed \(elapsed) s, stopped at \(stoppedElapsed) s, wall \(wall) s")
        #expect(try #require(finished["stepsPerSecond"] as? Double) > 0)
        #expect((finished["sessions"] as? [Any])?.count == 2)
        #expect(!Self.workerStates(finished).isEmpty)
        #expect(Self.workerStates(finished).allSatisfy { $0 == "gone" }, "\(Self.workerStates(finished))")
        let end = try await harness.run(["status", "--db", "results/sweep/results.sqlite"], label: "status-finished-text", timeout: 60)
        #expect(end.stdout.contains("sweep: finished") && end.stdout.contains("elapsed") && end.stdout.contains("nothing left"),
                "\(end.stdout)")
        let store = try ResultStore(path: database, mode: .readOnly)
        #expect(try store.sessions().allSatisfy { $0.endedAt != nil && $0.endpoint != nil })
    }

    @Test("--ics N keeps its own database, is recorded, and its sweep.toml computes the same tasks")
    func overrideRecorded() async throws {
        let harness = try Harness(sweep: endToEndSweep(seed: 5, ics: 3, bootstrap: 50))
        let full = try await harness.run(["run", "sweep.toml", "--workers", "2", "--quiet"], label: "full")
        #expect(full.status == 0, "\(full.stderr)")
        let quick = try await harness.run(["run", "sweep.toml", "--ics", "2", "--workers", "2", "--quiet"], label: "quick")
        #expect(quick.status == 0, "\(quick.stderr)")
        let folder = harness.directory + "/results/sweep-ics2"
        #expect(quick.stdout.contains("database: results/sweep-ics2/results.sqlite"), "\(quick.stdout)")

        let written = try String(contentsOfFile: folder + "/sweep.toml", encoding: .utf8)
        #expect(written.hasPrefix("# computed with --ics 2"), "\(written)")
        let reparsed = try SweepFile.parse(text: written, path: "sweep.toml")
        let overridden = try SweepFile.load(path: harness.sweepPath).overriding(ics: 2)
        #expect(reparsed == overridden.definition)

        let status = try await Self.status(harness, ["--db", "results/sweep-ics2/results.sqlite"], label: "status")
        #expect((status["overrides"] as? [String: Any])?["ics"] as? Int == 2)
        #expect(status["total"] as? Int == 4)
        let fullStatus = try await Self.status(harness, ["--db", "results/sweep/results.sqlite"], label: "status-full")
        #expect((fullStatus["overrides"] as? [String: Any])?.isEmpty == true)
        #expect(fullStatus["total"] as? Int == 6)

        let report = try await harness.run(["report", "results/sweep-ics2/results.sqlite"], label: "report")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("overrides: --ics 2"), "\(report.stdout)")
        let index = try String(contentsOfFile: folder + "/report/index.html", encoding: .utf8)
        #expect(index.contains("<code>--ics 2</code>"))
        #expect(try String(contentsOfFile: folder + "/report/sweep.toml", encoding: .utf8) == written)
        for table in ["lambda.csv", "fits.csv"] {
            let lines = try String(contentsOfFile: folder + "/" + table, encoding: .utf8).split(separator: "\n")
            #expect(lines.first?.hasPrefix("analysis_id,") == true)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("0,") })
        }
        let store = try ResultStore(path: folder + "/results.sqlite", mode: .readOnly)
        #expect(try store.run()?.overrides == SweepOverrides(ics: 2))
    }

    @Test("export writes every stored curve as CSV and .npy; pandas and NumPy read back the stored bits, and docs/DATA.md's snippet runs",
          .enabled(if: Python.hasNumPyAndPandas, "python3 with numpy and pandas is needed (`make test` installs them with pip)"))
    func exportReadByPandas() async throws {
        let harness = try Harness(sweep: endToEndSweep(seed: 9, ics: 3, bootstrap: 50))
        let run = try await harness.run(["run", "sweep.toml", "--db", "results.sqlite", "--workers", "2", "--quiet"], label: "run")
        #expect(run.status == 0, "\(run.stderr)")
        for format in ["csv", "npy"] {
            let export = try await harness.run(["export", "results.sqlite", "--curves", format, "--out", "export"], label: "export-\(format)")
            #expect(export.status == 0, "\(export.stderr)")
        }
        let check = try await harness.run(["python3"] + Python.exportCheck + ["results.sqlite", "export"], label: "python-check",
                                          executable: "/usr/bin/env")
        #expect(check.status == 0, "stdout:\n\(check.stdout)\nstderr:\n\(check.stderr)")
        #expect(check.stdout.contains("identical 18 curves"), "\(check.stdout)")

        let snippet = try Python.dataSnippet().replacingOccurrences(of: "results/quickstart/results.sqlite", with: "results.sqlite")
        let docs = try await harness.run(["python3", "-c", snippet + "\nassert len(curves) == 18 and len(fits) == 18\n"], label: "python-docs",
                                         executable: "/usr/bin/env")
        #expect(docs.status == 0, "stdout:\n\(docs.stdout)\nstderr:\n\(docs.stderr)")
        #expect(docs.stdout.contains("18 curves of sweep"), "\(docs.stdout)")
    }
}

/// python3 for the tests that read exported files the way a user would.
enum Python {
    /// Whether `python3` imports numpy and pandas.
    static let hasNumPyAndPandas: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy, pandas"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The Python code block of docs/DATA.md.
    static func dataSnippet() throws -> String {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/DATA.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```python\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// Arguments of python3 that compare `export/` (argument 2) with the database (argument 1) bit for bit.
    static let exportCheck = ["-c", """
        import sqlite3, sys
        import numpy as np, pandas as pd
        db, folder = sys.argv[1], sys.argv[2]
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        stored = {(t, e): np.frombuffer(b, dtype="<f8") for t, e, b in
                  con.execute("SELECT task_id, epsilon_index, mean_distance FROM curve")}
        fits = {(t, e): (s, n, v) for t, e, s, n, v in
                con.execute("SELECT task_id, epsilon_index, window_start, window_length, verdict FROM fit")}
        exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
        table = pd.read_csv(f"{folder}/curves.csv", **exact)
        index = pd.read_csv(f"{folder}/curves-index.csv", **exact)
        array = np.load(f"{folder}/curves.npy")
        assert array.dtype == np.dtype("<f8") and array.shape[0] == len(stored) == len(table) == len(index), array.shape
        points = table[[c for c in table.columns if c.startswith("d_")]].to_numpy(dtype=np.float64)
        assert points.shape == array.shape
        assert list(index.columns) == list(table.columns[:len(index.columns)])
        for i in range(len(table)):
            key = (int(table.task_id[i]), int(table.epsilon_index[i]))
            assert key == (int(index.task_id[i]), int(index.epsilon_index[i]))
            curve, n = stored[key], int(table.points[i])
            assert n == len(curve)
            assert np.array_equal(points[i, :n].view(np.uint64), curve.view(np.uint64)), key
            assert np.array_equal(array[i, :n].view(np.uint64), curve.view(np.uint64)), key
            assert np.isnan(points[i, n:]).all() and np.isnan(array[i, n:]).all()
            start, length, verdict = fits[key]
            assert table.verdict[i] == verdict and index.verdict[i] == verdict
            assert (start is None and np.isnan(table.window_start[i])) or table.window_start[i] == start
            assert (length is None and np.isnan(index.window_length[i])) or index.window_length[i] == length
        assert (table.analysis_id == 0).all()
        print(f"identical {len(stored)} curves")
        """]
}
