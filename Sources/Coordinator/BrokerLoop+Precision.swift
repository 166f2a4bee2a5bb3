import Analysis
import Store
import Sweep

/// The growth of a sweep with a precision target: after each group commit the ``PrecisionPlan`` decides from the
/// complete prefixes of ICs which tasks to add; they are recorded in the store before the scheduler hands them out.
extension BrokerLoop {
    /// The plan of an adaptive sweep from the database, with every decision the stored results allow recorded
    /// (a coordinator killed between a commit and its decision makes it on restart), and the ids not created yet;
    /// nil and no ids for a sweep of fixed size.
    static func resumePlan(definition: SweepDefinition, store: ResultStore, fits: [ICFit]) throws -> (PrecisionPlan?, [Int]) {
        // A sweep of fixed size has no plan: its task list (a million rows, maybe) is not read.
        guard definition.ensemble.precision != nil,
              var plan = PrecisionPlan(definition: definition, tasks: try store.allTasks(), fits: fits)
        else { return (nil, []) }
        try store.createTasks(plan.nextTasks(), definition: definition)
        let created = Set(try store.allTasks().map(definition.id(of:)))
        return (plan, (0..<definition.taskCapacity).filter { !created.contains($0) })
    }

    /// Adds the fits of newly stored results to the plan and creates the tasks it decides on: durably first, then
    /// in the scheduler. If the store cannot write, the decision is taken again at the next call.
    mutating func grow(adding fits: [ICFit], now: ContinuousClock.Instant) {
        guard var plan = precisionPlan else { return }
        plan.add(fits)
        precisionPlan = plan
        let tasks = plan.nextTasks()
        if !fits.isEmpty, now - precisionStateRefreshed >= .seconds(1) {
            precisionState = PrecisionState(plan)
            precisionStateRefreshed = now
        }
        guard plan.closed != precisionPlan?.closed || !tasks.isEmpty else { return }
        do {
            try store.createTasks(tasks, definition: sweep.definition)
        } catch {
            logger.error("cannot record new tasks; the decision is retried", metadata: ["database": "\(store.path)", "error": "\(error)"])
            return
        }
        precisionPlan = plan
        precisionState = PrecisionState(plan)
        precisionStateRefreshed = now
        guard !tasks.isEmpty else { return }
        logger.info("precision target not met: more ICs", metadata: [
            "tasks": "\(tasks.count)",
            "etas": "\(Set(tasks.map(\.etaIndex)).sorted().map { sweep.definition.training.etas[$0] })",
        ])
        complete = false
        perform(scheduler.create(tasks.map(sweep.definition.id(of:)), now: now))
    }
}
