import Foundation
import Testing

@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test("validate reports each problem with its line and exits non-zero; run refuses the file before computing")
    func validateAndRefuse() async throws {
        let broken = """
            seed = 1
            [training]
            eta = "fast"
            [ensemble]
            membrs = 5
            epsilon = [1e-8, -1e-6]
            """
        let harness = try Harness(sweep: broken)
        let validate = try await harness.run(["validate", harness.sweepPath], label: "validate")
        #expect(validate.status != 0)
        let messages = validate.stderr
        #expect(messages.contains("sweep.toml:3: training.eta: must be"))
        #expect(messages.contains("sweep.toml:5: ensemble.membrs: unknown key"))
        #expect(messages.contains("sweep.toml:6: ensemble.epsilon: contains -1e-06"))
        #expect(messages.contains("ensemble.ics: is required but missing"))
        let run = try await harness.run(["run", harness.sweepPath, "--db", harness.databasePath], label: "run")
        #expect(run.status != 0)
        #expect(run.stderr.contains("sweep.toml:3: training.eta"))
        #expect(!FileManager.default.fileExists(atPath: harness.databasePath))
    }

    @Test("run computes through worker processes and stores exactly the in-process results")
    func embeddedRun() async throws {
        let harness = try Harness(sweep: smallSweep)
        let run = try await harness.run(["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath], label: "run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("lambda_nMLE"))
        #expect(run.stdout.contains("results: \(harness.directory)"))
        #expect(FileManager.default.fileExists(atPath: harness.directory + "/lambda.csv"))
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: harness.databasePath + suffix), "a finished run leaves one database file")
        }
        #expect(bits(try harness.storedResults()) == bits(try await harness.inProcessResults()))
        let piped = run.stdout + run.stderr
        #expect(!piped.contains("\u{1B}["), "output to a file must hold no terminal control sequences")

        // Run again: nothing is left, so no worker is started and the stored table is printed at once.
        let again = try await harness.run(["run", harness.sweepPath, "--workers", "2", "--db", harness.databasePath], label: "again")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("already done") && again.stderr.contains("on 0 worker processes"), "\(again.stderr)")
        #expect(again.stdout.contains("lambda_nMLE"))
    }

    @Test("bench --json prints one line per case with the documented keys; bad --rounds is refused")
    func benchJSON() async throws {
        let harness = try Harness(sweep: smallSweep)
        let bench = try await harness.run(["bench", "--json", "--only", "iris-66", "--rounds", "1"], label: "bench")
        #expect(bench.status == 0, "\(bench.stderr)")
        let lines = bench.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(lines.first.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any])
        #expect(object["case"] as? String == "iris-66")
        #expect(object["trajectories"] as? Int == 66)
        #expect(object["flop_per_trajectory_step"] as? Int == 42_692)
        for key in ["trajectory_steps_per_second", "gflops", "percent_of_peak", "peak_gflops"] {
            #expect((object[key] as? Double ?? 0) > 0, "\(key)")
        }
        let refused = try await harness.run(["bench", "--rounds", "0"], label: "rounds")
        #expect(refused.status != 0 && refused.stderr.contains("--rounds must be at least 1"), "\(refused.stderr)")
    }
}
