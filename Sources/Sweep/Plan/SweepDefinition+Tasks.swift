/// The tasks of a sweep and their ids: the one place that maps a task id to (IC k, η) and back.
extension SweepDefinition {
    /// How many tasks the sweep has: one per (η, IC).
    public var taskCount: Int { training.etas.count * ensemble.ics }

    /// Every task of the sweep, in id order (η-major).
    public var tasks: [SweepTask] {
        training.etas.indices.flatMap { eta in (0..<ensemble.ics).map { SweepTask(icIndex: $0, etaIndex: eta) } }
    }

    /// The task with this id (`0..<taskCount`).
    public func task(id: Int) -> SweepTask { SweepTask(id: id, icCount: ensemble.ics) }

    /// The id of a task of this sweep.
    public func id(of task: SweepTask) -> Int { task.id(icCount: ensemble.ics) }

    /// Trajectory-steps one task performs: (t₀ + T + 1) for the reference plus (T + 1) per copy.
    public var trajectoryStepsPerTask: Int {
        let spec = ensembleSpec
        return spec.perturbAt + (spec.steps + 1) * spec.trajectoryCount
    }
}
