import ArgumentParser
import Benchmarks

/// `lyapsweep bench`: the kernel's speed on one core, or whole tasks end to end.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the ensemble kernel on one core: trajectory-steps/s, GFLOP/s and % of the measured peak.",
        discussion: Benchmark.help
    )

    @Flag(help: "Print one JSON object per line instead of the table.")
    var json = false

    @Flag(help: "Time whole tasks end to end, including encoding the RESULT message.")
    var task = false

    @Option(help: "Only these cases (iris-66, iris-600, digits-66).")
    var only: [String] = []

    @Option(help: "The sweep file whose tasks --task times (default: the built-in default Iris task).", completion: .file(extensions: ["toml"]))
    var sweep: String?

    @Option(help: "How many tasks --task times.")
    var tasks = 20

    @Option(help: "Rounds of measurement; each case and the peak keep their best round.")
    var rounds = 5

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard rounds <= 1000 else { throw ValidationError("--rounds is \(rounds); allowed: 1…1000") }
        guard (1...100_000).contains(tasks) else { throw ValidationError("--tasks is \(tasks); allowed: 1…100000") }
        if let unknown = only.first(where: { !Benchmark.caseNames.contains($0) }) {
            throw ValidationError("unknown case \(unknown); the cases are \(Benchmark.caseNames.joined(separator: ", "))")
        }
    }

    func run() throws {
        try Benchmark(json: json, task: task, only: only, sweep: sweep, tasks: tasks, rounds: rounds).run()
    }
}
