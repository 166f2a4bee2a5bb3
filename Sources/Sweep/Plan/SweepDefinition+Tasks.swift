/// The tasks of a sweep and their ids: the one place that maps a task id to (IC k, η) and back.
///
/// A task's id is `etaIndex × icCapacity + icIndex`, where ``icCapacity`` is the most ICs an η may ever have
/// (`ics`, or `max_ics` of a precision target). Ids therefore never change when an adaptive sweep adds ICs, and
/// for a sweep of fixed size they are `0..<taskCount`, as they always were. An onset search's η index is a position
/// on its lattice (``OnsetSearch``), so its ids are fixed by the sweep too, whichever η the search visits.
extension SweepDefinition {
    /// The most ICs one η may have: `max_ics` with a precision target, else `ics`.
    public var icCapacity: Int { ensemble.precision?.maxICs ?? ensemble.ics }

    /// The η indices the sweep creates tasks for at the start: every η, or the coarse grid of an onset search.
    public var initialEtaIndices: [Int] { training.onset?.coarsePositions ?? Array(training.etas.indices) }

    /// How many tasks the sweep creates at the start: one per (initial η, IC k < `ics`); all of them when the sweep
    /// is neither adaptive nor a search.
    public var taskCount: Int { initialEtaIndices.count * ensemble.ics }

    /// The most tasks the sweep can have: one per (η, IC k < ``icCapacity``), every lattice η of an onset search;
    /// ids lie in `0..<taskCapacity`.
    public var taskCapacity: Int { training.etas.count * icCapacity }

    /// The tasks the sweep creates at the start, in id order (η-major).
    public var tasks: [SweepTask] {
        initialEtaIndices.flatMap { eta in (0..<ensemble.ics).map { SweepTask(icIndex: $0, etaIndex: eta) } }
    }

    /// The task with this id (`0..<taskCapacity`).
    public func task(id: Int) -> SweepTask { SweepTask(id: id, icCount: icCapacity) }

    /// The id of a task of this sweep.
    public func id(of task: SweepTask) -> Int { task.id(icCount: icCapacity) }

    /// Whether a task lies within the sweep's capacity (its η exists and k < ``icCapacity``).
    public func contains(_ task: SweepTask) -> Bool {
        training.etas.indices.contains(task.etaIndex) && (0..<icCapacity).contains(task.icIndex)
    }

    /// Trajectory-steps one task performs: (t₀ + T + 1) for the reference plus (T + 1) per copy.
    public var trajectoryStepsPerTask: Int {
        let spec = ensembleSpec
        return spec.perturbAt + (spec.steps + 1) * spec.trajectoryCount
    }
}
