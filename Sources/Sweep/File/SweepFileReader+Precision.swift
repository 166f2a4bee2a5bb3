/// The precision target of `[ensemble]`: `target_se` or `target_ci_half_width`, `max_ics`, `batch`.
extension SweepFileReader {
    /// Reads the precision target; nil when the file sets none. Inconsistent settings are reported on the field
    /// that would have to change: a second target, `max_ics` or `batch` without a target, a target without
    /// `max_ics`, `max_ics` below `ics`.
    mutating func readPrecision(ics: Int) -> PrecisionTarget? {
        let positive = "a finite number > 0 (per GD step)"
        let targets = PrecisionTarget.Measure.allCases.filter { value("ensemble", $0.rawValue) != nil }
        if targets.count > 1 {
            report("ensemble", targets[1].rawValue, "is given with \(targets[0].rawValue); allowed: one of target_se and target_ci_half_width")
        }
        guard let measure = targets.first else {
            for key in ["max_ics", "batch"] where value("ensemble", key) != nil {
                report("ensemble", key, "is set without a precision target; allowed: only with target_se or target_ci_half_width")
            }
            return nil
        }
        let target = number("ensemble", measure.rawValue, default: 1, allowed: { $0 > 0 }, allowedText: positive)
        guard value("ensemble", "max_ics") != nil else {
            report("ensemble", measure.rawValue, "needs max_ics, the most ICs an η may have; allowed: give max_ics ≥ ics = \(ics)")
            return nil
        }
        let maxICs = integer("ensemble", "max_ics", default: ics, range: 1...SweepLimits.maxICs)
        if maxICs < ics {
            report("ensemble", "max_ics", "is \(maxICs), below ics = \(ics); allowed: an integer in [\(ics), \(SweepLimits.maxICs)]")
        }
        let batch = integer("ensemble", "batch", default: ics, range: 1...SweepLimits.maxICs)
        return PrecisionTarget(measure: measure, value: target, maxICs: max(maxICs, ics), batch: batch)
    }
}
