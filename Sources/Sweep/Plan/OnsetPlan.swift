import Analysis
import RandomStreams

/// The decisions of an onset search (``OnsetSearch``), as a pure value: fed the fits of stored results, it says which
/// η to add next.
///
/// The search starts with the coarse grid, `ics` ICs per η. It decides only when every η created so far has all its
/// ICs stored: it orders the η, finds the neighbouring pairs whose statistic lies on different sides of the level
/// (at or above it counts as above), and adds the geometric midpoint — the next lattice position — of the lowest such
/// bracket, or of every one (`crossings = "all"`), that is still wider than the tolerance. A decision therefore
/// depends only on complete per-η results, never on arrival order, the number of workers or a restart; feeding the
/// plan the stored tasks and fits of a database reproduces the η of the run that wrote it.
public struct OnsetPlan: Sendable {
    /// The sweep; it has an onset search.
    public let definition: SweepDefinition
    /// The search.
    public let search: OnsetSearch
    /// The lattice positions (η indices) created so far, ascending.
    public private(set) var created: [Int]
    private let epsilonIndex: Int
    private var cells: [Int: LambdaAccumulator] = [:]

    /// A plan for a sweep with an onset search (nil for one without), from the recorded tasks and the fits of the
    /// stored results; call ``nextTasks()`` to catch up with decisions not yet recorded.
    public init?(definition: SweepDefinition, tasks: [SweepTask], fits: [ICFit]) {
        guard let search = definition.training.onset,
              let epsilonIndex = definition.ensemble.epsilons.firstIndex(where: { $0.bitPattern == search.epsilon.bitPattern })
        else { return nil }
        self.definition = definition
        self.search = search
        self.epsilonIndex = epsilonIndex
        created = Set(search.coarsePositions + tasks.map(\.etaIndex)).sorted()
        add(fits)
    }

    /// Records the fits of stored results (adding a fit again changes nothing).
    public mutating func add(_ fits: [ICFit]) {
        for fit in fits where fit.epsilonIndex == epsilonIndex && definition.training.etas.indices.contains(fit.etaIndex) {
            cells[fit.etaIndex, default: LambdaAccumulator()].add(icIndex: fit.icIndex, verdict: fit.verdict, fit: fit.fit)
        }
    }

    /// The estimate at the search's ε of one η from the ICs stored so far (no bootstrap).
    func estimate(position: Int) -> LambdaEstimate {
        var stream = RandomStream(.bootstrap, [definition.seed, UInt64(position), UInt64(epsilonIndex)])
        return (cells[position] ?? LambdaAccumulator()).estimate(bootstrapResamples: 0, histogramBins: 1, using: &stream)
    }

    /// Whether every IC of η has a stored result.
    public func isComplete(position: Int) -> Bool { (cells[position]?.count ?? 0) >= definition.ensemble.ics }

    /// The statistic of one η from its stored ICs: the kept fraction, or λ_nMLE (nil while no IC is kept).
    public func value(position: Int) -> Double? {
        let estimate = estimate(position: position)
        switch search.statistic {
        case .keptFraction: return estimate.total == 0 ? nil : estimate.keptFraction
        case .lambda: return estimate.mean
        }
    }

    /// Whether η's statistic is at or above the level (an η with no kept IC is below any λ level).
    func isAbove(position: Int) -> Bool { value(position: position).map { $0 >= search.level } ?? false }

    /// The brackets among the complete η: neighbouring pairs on different sides of the level, ascending; a bracket
    /// whose relative width is within the tolerance is resolved.
    public func brackets() -> [OnsetBracket] {
        let complete = created.filter(isComplete(position:))
        let etas = definition.training.etas
        return zip(complete, complete.dropFirst()).filter { isAbove(position: $0) != isAbove(position: $1) }.map { low, high in
            OnsetBracket(low: etas[low], high: etas[high], lowValue: value(position: low), highValue: value(position: high),
                         resolved: OnsetSearch.relativeWidth(low: etas[low], high: etas[high]) <= search.tolerance,
                         lowPosition: low, highPosition: high)
        }
    }

    /// The brackets the search refines: the lowest, or all (`crossings = "all"`).
    public func refinedBrackets() -> [OnsetBracket] {
        let all = brackets()
        return search.crossings == .all ? all : Array(all.prefix(1))
    }

    /// Whether the search is over: every η created is complete and every refined bracket resolved (or there is none).
    public var isFinished: Bool {
        created.allSatisfy(isComplete(position:)) && refinedBrackets().allSatisfy(\.resolved)
    }

    /// Decides once every η created is complete: the midpoint of each refined bracket not yet resolved, with its
    /// `ics` tasks, ascending; they count as created. Record them durably before handing them out.
    public mutating func nextTasks() -> [SweepTask] {
        guard created.allSatisfy(isComplete(position:)) else { return [] }
        let positions = refinedBrackets().filter { !$0.resolved }.map { ($0.lowPosition + $0.highPosition) / 2 }
        created = Set(created + positions).sorted()
        return positions.flatMap { eta in (0..<definition.ensemble.ics).map { SweepTask(icIndex: $0, etaIndex: eta) } }
    }

    /// The search's state for `status`, the dashboard and the report.
    public func state() -> OnsetState {
        let etas = definition.training.etas
        return OnsetState(
            search: search, ics: definition.ensemble.ics,
            points: created.map { position in
                let estimate = estimate(position: position)
                return OnsetPoint(eta: etas[position], stored: estimate.total, value: value(position: position))
            },
            brackets: brackets(), refined: refinedBrackets().map(\.low), finished: isFinished)
    }
}
