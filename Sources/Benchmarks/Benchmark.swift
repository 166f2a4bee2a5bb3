import Dynamics
import Foundation
import Sweep
import Wire

/// `lyapsweep bench`: the lockstep kernel on standard cases, single-threaded, against the core's Float64 peak
/// measured in the same run; or whole tasks end to end (``task``). Prints a table, or one JSON object per line.
public struct Benchmark: Sendable {
    /// Print one JSON object per line instead of the table.
    public var json: Bool
    /// Time whole tasks end to end, including encoding the RESULT message.
    public var task: Bool
    /// Only these cases (iris-66, iris-600, digits-66); empty for all.
    public var only: [String]
    /// The sweep file whose tasks ``task`` times; nil for the built-in default Iris task.
    public var sweep: String?
    /// How many tasks ``task`` times.
    public var tasks: Int
    /// Rounds of measurement; each case and the peak keep their best round.
    public var rounds: Int

    /// Creates a benchmark run.
    public init(json: Bool, task: Bool, only: [String], sweep: String?, tasks: Int, rounds: Int) {
        self.json = json
        self.task = task
        self.only = only
        self.sweep = sweep
        self.tasks = tasks
        self.rounds = rounds
    }

    /// What `lyapsweep bench --help` says of the cases, the peak and `--task`.
    public static let help = """
        Cases: iris-66 (Iris [4, 10, 3], 120 samples, 66 trajectories = 1 + 5 × 13 ε, 1000 steps), iris-600 \
        (600 trajectories, 1000 steps) and digits-66 (digits [64, 32, 10], 1438 samples, 66 trajectories, \
        20 steps). Rates are per core of CPU time, each case's best of --rounds runs. The kernel variant is the \
        one this process runs (the fastest the CPU supports, or LYAPSWEEP_KERNEL=avx512|avx2|portable). The \
        peak is that variant's: measured in the same run (best of --rounds) by a loop of independent fused \
        multiply-adds at its width, compiled like it, as many as its registers hold without spilling. Every \
        round measures the peak and then each case once, so that a busy spell of a neighbour on a shared \
        machine (which can slow every program on a core by up to 1.5× for seconds) spoils one round, not all \
        the runs of one case.

        With --task, times whole tasks of a sweep (default: the default Iris task, T = 200, 13 ε, M = 5): \
        drawing the IC, the kernel, assembling the result and encoding the RESULT message.
        """

    /// The case names.
    public static var caseNames: [String] { BenchCase.standard.map(\.name) }

    /// Measures and prints.
    public func run() throws {
        if task {
            try runTasks()
            return
        }
        let variant = try KernelVariant.selected()
        let selected = BenchCase.standard.filter { only.isEmpty || only.contains($0.name) }
        let prepared = try selected.map { try $0.prepare(variant: variant) }
        var peak = 0.0
        var seconds = Array(repeating: Double.infinity, count: prepared.count)
        for _ in 0..<rounds {
            peak = max(peak, variant.measurePeak(clock: CPUClock.now))
            for (index, benchCase) in prepared.enumerated() { seconds[index] = min(seconds[index], benchCase.timeOneRun()) }
        }
        if !json {
            if let warning = variant.slowPathWarning { print("warning: \(warning)") }
            print("one core, CPU time · kernel variant \(variant.rawValue) (\(variant.laneWidth) lanes) · its Float64 peak \(format(peak, 1)) GFLOP/s (measured now: independent fused multiply-adds at its width and target, no spills)")
            print("FLOP per trajectory-step = N·Σ_l (4·a_l·b_l + b_l + [l>0]·2·a_l·b_l) + 4P  (a_l, b_l: fan-in/out of weight layer l)")
            print(row(["case", "layers", "N", "traj", "steps", "traj-steps/s", "FLOP/traj-step", "GFLOP/s", "% peak"]))
        }
        for (benchCase, time) in zip(prepared, seconds) {
            let measurement = benchCase.measurement(seconds: time)
            let gflops = measurement.trajectoryStepsPerSecond * Double(measurement.flopsPerStep) / 1e9
            if json {
                let line = BenchLine(
                    case: benchCase.definition.name, variant: variant.rawValue, trajectories: benchCase.definition.trajectories,
                    steps: benchCase.definition.steps,
                    trajectoryStepsPerSecond: measurement.trajectoryStepsPerSecond,
                    flopPerTrajectoryStep: measurement.flopsPerStep, gflops: gflops,
                    peakGflops: peak, percentOfPeak: 100 * gflops / peak)
                print(try jsonLine(line))
            } else {
                let definition = benchCase.definition
                print(row([
                    definition.name, "\(definition.layers)", "\(measurement.samples)", "\(definition.trajectories)",
                    "\(definition.steps)", format(measurement.trajectoryStepsPerSecond, 0),
                    "\(measurement.flopsPerStep)", format(gflops, 2), format(100 * gflops / peak, 1),
                ]))
            }
        }
    }

    private func runTasks() throws {
        let loaded: LoadedSweep
        if let sweep {
            loaded = try SweepFile.load(path: sweep)
        } else {
            loaded = LoadedSweep(path: "<default task>", text: Self.defaultTask,
                                 definition: try SweepFile.parse(text: Self.defaultTask, path: "<default task>"))
        }
        let variant = try KernelVariant.selected()
        let context = try SweepContext(loaded)
        let selected = context.tasks.prefix(tasks)
        var computeSeconds = 0.0, encodeSeconds = 0.0, bytes = 0
        var digest = ResultDigest()
        for (id, task) in selected.enumerated() {
            let start = CPUClock.now()
            let result = context.run(task)
            let computed = CPUClock.now()
            let seconds = computed - start
            digest.add(result.ensemble)
            let frames = WireCodec.encode(.result(ResultReport(
                taskID: id, result: result, definition: context.definition, computeSeconds: seconds,
                trajectorySteps: context.trajectoryStepsPerTask)))
            encodeSeconds += CPUClock.now() - computed
            computeSeconds += seconds
            bytes += frames.reduce(0) { $0 + $1.count }
        }
        let count = Double(selected.count)
        let total = computeSeconds + encodeSeconds
        let rate = count * Double(context.trajectoryStepsPerTask) / total
        if json {
            let line = TaskLine(variant: variant.rawValue, tasks: selected.count, secondsPerTask: total / count, encodeSecondsPerTask: encodeSeconds / count,
                                resultBytes: bytes / selected.count, trajectoryStepsPerSecond: rate,
                                resultDigest: digest.hex)
            print(try jsonLine(line))
        } else {
            print("\(loaded.path): \(selected.count) tasks, \(context.trajectoryStepsPerTask) trajectory-steps each, single core, kernel variant \(variant.rawValue)")
            print("  \(format(1000 * total / count, 2)) ms per task end to end (encoding RESULT: \(format(1e6 * encodeSeconds / count, 1)) µs, "
                  + "\(bytes / max(1, selected.count)) bytes), \(format(rate, 0)) trajectory-steps/s")
            print("  result digest \(digest.hex) (FNV-1a of every loss and distance bit; equal across builds, variants and CPUs)")
        }
    }

    /// One task with the defaults of docs/METHOD.md §1–§2: Iris [4, 10, 3] sigmoid, η = 1, T = 200, M = 5, 13 ε.
    static let defaultTask = """
        name = "bench-default-task"
        seed = 1
        [data]
        dataset = "iris"
        [model]
        layers = [4, 10, 3]
        activation = "sigmoid"
        [training]
        eta = 1.0
        steps = 200
        [ensemble]
        ics = 1000
        members = 5
        epsilon = { from = 1e-14, to = 1e-2, count = 13 }
        """

    private func row(_ cells: [String]) -> String {
        let widths = [10, 12, 5, 5, 6, 13, 15, 8, 7]
        return zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ")
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    private func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// One `--json` line of a kernel case.
private struct BenchLine: Encodable {
    var `case`: String
    /// The kernel variant that ran (``KernelVariant``'s raw value); `peakGflops` is its peak.
    var variant: String
    var trajectories: Int
    var steps: Int
    var trajectoryStepsPerSecond: Double
    var flopPerTrajectoryStep: Int
    var gflops: Double
    var peakGflops: Double
    var percentOfPeak: Double
}

/// The `--json` line of `--task`.
private struct TaskLine: Encodable {
    var variant: String
    var tasks: Int
    var secondsPerTask: Double
    var encodeSecondsPerTask: Double
    var resultBytes: Int
    var trajectoryStepsPerSecond: Double
    var resultDigest: String
}

/// A standard kernel benchmark: a dataset, a network and an ensemble, run single-threaded.
struct BenchCase {
    var name: String
    var dataset: BundledDataset
    var layers: [Int]
    /// ε values × members per ε; trajectories = 1 + both multiplied.
    var epsilonCount: Int
    var members: Int
    var steps: Int

    /// The standard cases: the default Iris task's shape, a wide Iris ensemble and the digits network.
    static let standard = [
        BenchCase(name: "iris-66", dataset: .iris, layers: [4, 10, 3], epsilonCount: 13, members: 5, steps: 1000),
        BenchCase(name: "iris-600", dataset: .iris, layers: [4, 10, 3], epsilonCount: 1, members: 599, steps: 1000),
        BenchCase(name: "digits-66", dataset: .digits, layers: [64, 32, 10], epsilonCount: 13, members: 5, steps: 20),
    ]

    var trajectories: Int { 1 + epsilonCount * members }

    /// Speed of one run of the case.
    struct Measurement {
        var samples: Int
        var flopsPerStep: Int
        var trajectoryStepsPerSecond: Double
    }

    /// The case's kernel on `variant`, built and warmed up, ready to be timed.
    func prepare(variant: KernelVariant) throws -> PreparedBenchCase {
        let data = try dataset.load()
        let trainCount = Int((Double(data.sampleCount) * 0.8).rounded())
        let train = DataSplit(dataset: data, trainCount: trainCount, testCount: data.sampleCount - trainCount,
                              seed: 0, standardize: false).train
        let architecture = NetworkArchitecture(layers: layers, activation: .sigmoid)
        let epsilons = (0..<epsilonCount).map { 1e-14 * pow10($0) }
        let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: 0)
        let warmUp = EnsembleKernel(architecture: architecture, train: train,
                                    spec: EnsembleSpec(epsilons: epsilons, members: members, steps: 2), variant: variant)
        _ = warmUp.run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 0)
        let kernel = EnsembleKernel(architecture: architecture, train: train,
                                    spec: EnsembleSpec(epsilons: epsilons, members: members, steps: steps - 1),
                                    variant: variant)
        return PreparedBenchCase(definition: self, kernel: kernel, initial: initial, samples: train.sampleCount,
                                 flopsPerStep: architecture.flopsPerStep(samples: train.sampleCount))
    }

    private func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { value, _ in value * 10 } }
}

/// A ``BenchCase`` ready to run: on a shared machine the slower runs measure the neighbours, so the
/// caller keeps the fastest of several, spread over time.
struct PreparedBenchCase {
    var definition: BenchCase
    var kernel: EnsembleKernel
    var initial: [Double]
    var samples: Int
    var flopsPerStep: Int

    /// Seconds of CPU time of one run of the whole case.
    func timeOneRun() -> Double {
        let start = CPUClock.now()
        let result = kernel.run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: 0)
        let seconds = CPUClock.now() - start
        precondition(result.referenceLoss.count == definition.steps, "the benchmark trajectory diverged")
        return seconds
    }

    /// The speed of a run that took `seconds`.
    func measurement(seconds: Double) -> BenchCase.Measurement {
        BenchCase.Measurement(samples: samples, flopsPerStep: flopsPerStep,
                              trajectoryStepsPerSecond: Double(definition.trajectories * definition.steps) / seconds)
    }
}

/// The CPU time of the calling thread: per-core rates stay meaningful on a machine shared with others.
enum CPUClock {
    /// Seconds of CPU time this thread has used.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + 1e-9 * Double(time.tv_nsec)
    }
}
