import ArgumentParser
import Benchmarks

/// `lyapsweep bench`: the kernel's speed on one core, or whole tasks end to end.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the ensemble kernel on one core: trajectory-steps/s, GFLOP/s and % of the measured peak.",
        discussion: """
            Cases: iris-66 (Iris [4, 10, 3], 120 samples, 66 trajectories = 1 + 5 × 13 ε, 1000 steps), iris-600 \
            (600 trajectories, 1000 steps) and digits-66 (digits [64, 32, 10], 1438 samples, 66 trajectories, \
            20 steps). Rates are per core of CPU time, each case's best of --rounds runs. The peak is measured in \
            the same run (best of --rounds) by a loop of independent fused multiply-adds on the kernel's \
            SIMD16<Double> lanes, compiled like the kernel: it is the machine's peak only in a build for its CPU \
            (`-target-cpu native`; see docs/PERFORMANCE.md). Every round measures the peak and then each case \
            once, so that a busy spell of a neighbour on a shared machine (which can slow every program on a \
            core by up to 1.5× for seconds) spoils one round, not all the runs of one case.

            With --task, times whole tasks of a sweep (default: the default Iris task, T = 200, 13 ε, M = 5): \
            drawing the IC, the kernel, assembling the result and encoding the RESULT message.
            """
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
