import Analysis
import Dynamics
import Foundation
import Store
import Sweep

/// A fresh temporary folder with a run of synthetic results: the sweep, its database path, and results and fits
/// of a known shape (no training is computed, so the tests are quick).
struct StoreFixture {
    /// The temporary folder every file of the test goes into.
    let directory: String
    /// The sweep: `etaCount` learning rates × `ics` initial conditions, `epsilonCount` ε, `steps` steps.
    let sweep: LoadedSweep

    /// Where the run's database goes.
    var databasePath: String { directory + "/results.sqlite" }

    /// Every task of the sweep, η-major.
    var tasks: [SweepTask] {
        (0..<sweep.definition.training.etas.count).flatMap { eta in
            (0..<sweep.definition.ensemble.ics).map { SweepTask(icIndex: $0, etaIndex: eta) }
        }
    }

    /// Creates the folder and the sweep (nothing is stored yet).
    init(ics: Int = 4, etaCount: Int = 2, epsilonCount: Int = 3, steps: Int = 10) throws {
        directory = NSTemporaryDirectory() + "lyapsweep-store-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let etas = (1...etaCount).map { "\(Double($0) * 0.5)" }.joined(separator: ", ")
        let epsilons = (0..<epsilonCount).map { "1e-\(10 - $0 % 8)" }.joined(separator: ", ")
        let text = """
            name = "store-test"
            seed = 3
            [training]
            eta = [\(etas)]
            steps = \(steps)
            [ensemble]
            ics = \(ics)
            members = 2
            epsilon = [\(epsilons)]
            [fit]
            grid_start_max = 2
            grid_length_min = 3
            grid_length_max = 5
            """
        let path = directory + "/sweep.toml"
        sweep = LoadedSweep(path: path, text: text, definition: try SweepFile.parse(text: text, path: path))
    }

    /// Opens (creating) the database read-write and records the run with every task pending and worker `w1`.
    func makeStore() throws -> ResultStore {
        let store = try ResultStore(path: databasePath)
        try store.beginRun(sweep: sweep, tasks: tasks, softwareVersion: "test")
        try store.registerWorker(id: "w1", host: "testhost", pid: 1, processes: 1)
        return store
    }

    /// A result of `task` whose every value is distinct (a function of the task, ε and step), with one fit per ε.
    func submission(_ task: SweepTask, workerID: String = "w1") -> ResultSubmission {
        let definition = sweep.definition
        let points = definition.training.steps + 1
        let eta = definition.training.etas[task.etaIndex]
        let seed = Double(task.id(icCount: definition.ensemble.ics))
        let curves = definition.ensemble.epsilons.enumerated().map { index, epsilon in
            DivergenceCurve(epsilon: epsilon, meanDistance: (0..<points).map { epsilon * (1 + seed + Double(index) + 0.01 * Double($0)) },
                            memberDistances: nil, divergedMembers: 0, divergedAt: nil)
        }
        let result = TaskResult(
            task: task, eta: eta,
            ensemble: EnsembleResult(referenceLoss: (0..<points).map { 1 / (1 + seed + Double($0)) }, referenceDivergedAt: nil,
                                     curves: curves))
        let fits = curves.indices.map { index in
            ICFit(etaIndex: task.etaIndex, eta: eta, icIndex: task.icIndex, epsilonIndex: index, epsilon: curves[index].epsilon,
                  fit: LyapunovFit(lambda: 0.01 * seed, intercept: -1, rSquared: 0.99, window: FitWindow(start: 1, length: 4)),
                  verdict: .kept, divergedAt: nil)
        }
        return ResultSubmission(taskID: task.id(icCount: definition.ensemble.ics), result: result, workerID: workerID,
                                fits: fits, computeSeconds: 0.5)
    }

    /// The bytes of a file (empty if it does not exist).
    static func bytes(of path: String) -> Data {
        FileManager.default.contents(atPath: path) ?? Data()
    }
}
