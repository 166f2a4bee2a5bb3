import Analysis
import Store
import Sweep

/// The growth of an onset search: once every η created has all its ICs stored, the ``OnsetPlan`` adds the midpoints
/// of the brackets it refines; the new tasks (whose η index is the midpoint's lattice position) and the brackets are
/// recorded in the store before the scheduler hands the tasks out.
extension BrokerLoop {
    /// The plan of an onset search from the database, with every decision the stored results allow recorded, and
    /// the ids not created yet; nil and no ids for a sweep without a search.
    static func resumeOnset(definition: SweepDefinition, store: ResultStore, fits: [ICFit]) throws -> (OnsetPlan?, [Int]) {
        guard definition.training.onset != nil,
              var plan = OnsetPlan(definition: definition, tasks: try store.allTasks(), fits: fits)
        else { return (nil, []) }
        while true {
            let tasks = plan.nextTasks()
            guard !tasks.isEmpty else { break }
            try store.createTasks(tasks, definition: definition)
        }
        try store.recordOnset(plan.state())
        let created = Set(try store.allTasks().map(definition.id(of:)))
        return (plan, (0..<definition.taskCapacity).filter { !created.contains($0) })
    }

    /// Adds the fits of newly stored results to the search and creates the η it decides on: durably first, then in
    /// the scheduler. If the store cannot write, the decision is taken again at the next call.
    mutating func growOnset(adding fits: [ICFit], now: ContinuousClock.Instant) {
        guard var plan = onsetPlan else { return }
        plan.add(fits)
        onsetPlan = plan
        let tasks = plan.nextTasks()
        let state = plan.state()
        // The status follows every result; the store, every decision and every change of the brackets.
        guard !tasks.isEmpty || state.brackets != onsetState?.brackets || state.finished != onsetState?.finished else {
            onsetState = state
            return
        }
        do {
            try store.createTasks(tasks, definition: sweep.definition)
            try store.recordOnset(state)
        } catch {
            logger.error("cannot record the onset search's new η; the decision is retried",
                         metadata: ["database": "\(store.path)", "error": "\(error)"])
            return
        }
        onsetPlan = plan
        onsetState = state
        guard !tasks.isEmpty else { return }
        logger.info("onset search: new η", metadata: [
            "etas": "\(Set(tasks.map(\.etaIndex)).sorted().map { sweep.definition.training.etas[$0] })",
            "brackets": "\(plan.refinedBrackets().map { "[\($0.low), \($0.high)]" })",
        ])
        complete = false
        perform(scheduler.create(tasks.map(sweep.definition.id(of:)), now: now))
    }
}
