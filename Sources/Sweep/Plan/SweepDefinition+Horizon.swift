import Analysis

extension SweepDefinition {
    /// The ensemble's horizon H: the steps after the perturbation that a fit window of the sweep's rule can reach,
    /// at most T — t_a,max + ℓ_max for the grid, t_b,max + 1 anchored, the fixed window's end + 1.
    ///
    /// The report compares the §6 diagnostics with λ_nMLE over these steps only (docs/METHOD.md §6): a Benettin
    /// average over a longer run includes the converged phase the ensembles never fit.
    public var ensembleHorizon: Int {
        let reach: Int
        switch fit.window {
        case .grid(let search):
            let (sum, overflow) = search.startMax.addingReportingOverflow(search.lengthMax)
            reach = overflow ? Int.max : sum
        case .anchored(let search):
            reach = search.endMax == Int.max ? Int.max : search.endMax + 1
        case .fixed(_, let end):
            reach = end == Int.max ? Int.max : end + 1
        }
        return max(1, min(training.steps, reach))
    }
}
