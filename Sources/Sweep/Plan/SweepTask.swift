import Diagnostics
import Dynamics

/// One unit of work: one initial condition at one learning rate, with every ε of the sweep.
///
/// The reference trajectory is computed once and shared by all ε (docs/METHOD.md §2).
public struct SweepTask: Hashable, Sendable, Codable, Comparable {
    /// The IC number k.
    public var icIndex: Int
    /// The position of η in the sweep's η list.
    public var etaIndex: Int

    /// Creates a task.
    public init(icIndex: Int, etaIndex: Int) {
        self.icIndex = icIndex
        self.etaIndex = etaIndex
    }

    /// The task of a stable integer id: the inverse of ``id(icCount:)``.
    public init(id: Int, icCount: Int) {
        self.init(icIndex: id % icCount, etaIndex: id / icCount)
    }

    /// A stable integer id: `etaIndex * icCount + icIndex`.
    public func id(icCount: Int) -> Int { etaIndex * icCount + icIndex }

    /// Tasks order by η first, then IC.
    public static func < (lhs: SweepTask, rhs: SweepTask) -> Bool {
        (lhs.etaIndex, lhs.icIndex) < (rhs.etaIndex, rhs.icIndex)
    }
}

/// What one task computed: the ensemble result of (IC k, η) and, if the sweep asks for them, the
/// diagnostics of its reference trajectory.
public struct TaskResult: Hashable, Sendable, Codable {
    /// Which task.
    public var task: SweepTask
    /// The learning rate η used.
    public var eta: Double
    /// The reference's loss and one divergence curve per ε.
    public var ensemble: EnsembleResult
    /// The reference trajectory's diagnostics (docs/METHOD.md §6); nil when the sweep computes none.
    public var diagnostics: TrainingDiagnostics?

    /// Creates a result.
    public init(task: SweepTask, eta: Double, ensemble: EnsembleResult, diagnostics: TrainingDiagnostics? = nil) {
        self.task = task
        self.eta = eta
        self.ensemble = ensemble
        self.diagnostics = diagnostics
    }
}
