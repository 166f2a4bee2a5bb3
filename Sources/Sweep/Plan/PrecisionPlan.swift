import Analysis
import RandomStreams

/// The decisions of a sweep with a ``PrecisionTarget``, as a pure value: fed the fits of stored results, it says
/// which ICs to create next.
///
/// Every η owns a prefix of ICs 0 … n − 1 (n starts at `ics`). Only when every IC of the prefix has a stored
/// result does the plan look at that η: if every ε meets the target it closes the η; otherwise it extends the
/// prefix by `batch` ICs, up to `max_ics`, where the η closes unmet. A decision therefore depends only on the
/// results of a complete prefix, never on arrival order, the number of workers or a restart: feeding the plan
/// the stored tasks and fits of a database reproduces the decisions of the run that wrote it.
public struct PrecisionPlan: Sendable {
    /// The sweep; its ensemble has a precision target.
    public let definition: SweepDefinition
    /// The target.
    public let target: PrecisionTarget
    /// ICs created per η (the prefix 0 ..< created[η]).
    public private(set) var created: [Int]
    /// Whether each η has stopped gaining ICs (its target met, or `max_ics` reached).
    public private(set) var closed: [Bool]
    private var done: [Set<Int>]
    private var cells: [[LambdaAccumulator]]

    /// A plan for a sweep with a precision target (nil for one without), starting from the recorded tasks and the
    /// fits of the stored results; call ``nextTasks()`` to catch up with decisions not yet recorded.
    ///
    /// - Parameters:
    ///   - definition: The sweep.
    ///   - tasks: Every task recorded so far (the first `ics` of each η at least).
    ///   - fits: The fits of every stored result.
    public init?(definition: SweepDefinition, tasks: [SweepTask], fits: [ICFit]) {
        guard let target = definition.ensemble.precision else { return nil }
        self.definition = definition
        self.target = target
        let etaCount = definition.training.etas.count
        var created = [Int](repeating: definition.ensemble.ics, count: etaCount)
        for task in tasks where created.indices.contains(task.etaIndex) {
            created[task.etaIndex] = max(created[task.etaIndex], task.icIndex + 1)
        }
        self.created = created
        closed = [Bool](repeating: false, count: etaCount)
        done = [Set<Int>](repeating: [], count: etaCount)
        cells = (0..<etaCount).map { _ in definition.ensemble.epsilons.map { _ in LambdaAccumulator() } }
        add(fits)
    }

    /// Records the fits of stored results (each marks its IC done; adding a fit again changes nothing).
    public mutating func add(_ fits: [ICFit]) {
        for fit in fits where cells.indices.contains(fit.etaIndex) && cells[fit.etaIndex].indices.contains(fit.epsilonIndex) {
            cells[fit.etaIndex][fit.epsilonIndex].add(icIndex: fit.icIndex, verdict: fit.verdict, fit: fit.fit)
            done[fit.etaIndex].insert(fit.icIndex)
        }
    }

    /// Whether the whole prefix of η has stored results (results come only for created tasks, so counting suffices).
    public func isPrefixComplete(etaIndex: Int) -> Bool {
        done[etaIndex].count >= created[etaIndex]
    }

    /// Decides every η whose prefix is complete and that is still open: it closes, or gains its next batch. The
    /// new tasks are returned η-major and counted as created; record them durably before handing them out.
    public mutating func nextTasks() -> [SweepTask] {
        var tasks: [SweepTask] = []
        for eta in created.indices where !closed[eta] && isPrefixComplete(etaIndex: eta) {
            if meetsTarget(etaIndex: eta) {
                closed[eta] = true
            } else if let next = target.nextCount(after: created[eta]) {
                tasks += (created[eta]..<next).map { SweepTask(icIndex: $0, etaIndex: eta) }
                created[eta] = next
            } else {
                closed[eta] = true
            }
        }
        return tasks
    }

    /// Whether every ε of η meets the target with the ICs stored so far.
    public func meetsTarget(etaIndex: Int) -> Bool {
        definition.ensemble.epsilons.indices.allSatisfy { target.isMet(by: estimate(etaIndex: etaIndex, epsilonIndex: $0)) }
    }

    /// The estimate of one (η, ε) from the ICs stored so far, with the interval drawn from the same stream as the
    /// λ table's (``LambdaTable/rows()``), so a decision and the reported row agree.
    public func estimate(etaIndex: Int, epsilonIndex: Int) -> LambdaEstimate {
        var stream = RandomStream(.bootstrap, [definition.seed, UInt64(etaIndex), UInt64(epsilonIndex)])
        let resamples = target.measure == .intervalHalfWidth ? definition.fit.bootstrapResamples : 0
        return cells[etaIndex][epsilonIndex].estimate(
            bootstrapResamples: resamples, histogramBins: 1, using: &stream)
    }

    /// Every (η, ε) row, η-major: the ICs of its η so far, its statistic, and where it stands (an η that closed
    /// unmet says ``PrecisionStatus/maxReached`` on its unmet rows).
    public func rows() -> [PrecisionRow] {
        created.indices.flatMap { eta in
            definition.ensemble.epsilons.indices.map { epsilon in
                let estimate = estimate(etaIndex: eta, epsilonIndex: epsilon)
                let met = target.isMet(by: estimate)
                return PrecisionRow(
                    eta: definition.training.etas[eta], epsilon: definition.ensemble.epsilons[epsilon], ics: created[eta],
                    stored: estimate.total, kept: estimate.kept, value: target.measured(estimate),
                    status: met ? .met : closed[eta] ? .maxReached : .open)
            }
        }
    }
}
