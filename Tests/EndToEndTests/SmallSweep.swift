import Sweep

/// The end-to-end tests' sweep text: two η, 1500 steps, 4 members at three ε, a narrowed fit grid.
func endToEndSweep(seed: Int, ics: Int, bootstrap: Int) -> String {
    """
    # end-to-end test sweep
    seed = \(seed)
    [training]
    eta = [1.0, 2.0]
    steps = 1500
    [ensemble]
    ics = \(ics)
    members = 4
    epsilon = [1e-12, 1e-8, 1e-4]
    [fit]
    grid_start_max = 40
    grid_length_max = 80
    bootstrap = \(bootstrap)
    """
}

/// A sweep small enough for a quick test yet with tasks long enough (~0.2 s each, 16 tasks) to kill a process in
/// the middle of one and for every worker to join before the sweep is over.
let smallSweep = endToEndSweep(seed: 11, ics: 8, bootstrap: 200)

/// Bit patterns of every number in a list of results, so comparisons are bit-for-bit (−0 ≠ 0, NaN = NaN).
func bits(_ results: [TaskResult]) -> [[UInt64]] {
    results.map { result in
        let ensemble = result.ensemble
        let numbers = [result.eta, Double(result.task.icIndex), Double(result.task.etaIndex)] + ensemble.referenceLoss
            + ensemble.curves.flatMap { curve in
                [curve.epsilon, Double(curve.divergedMembers), Double(curve.divergedAt ?? -1)] + curve.meanDistance
                    + (curve.memberDistances ?? []).flatMap { $0 }
            }
        return numbers.map(\.bitPattern)
    }
}
