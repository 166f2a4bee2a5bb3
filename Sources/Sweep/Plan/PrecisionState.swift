/// An adaptive sweep's state against its precision target, for `status` and the dashboard.
public struct PrecisionState: Hashable, Sendable, Codable {
    /// The target.
    public var target: PrecisionTarget
    /// Every (η, ε) row, η-major.
    public var rows: [PrecisionRow]

    /// The state of a plan.
    public init(_ plan: PrecisionPlan) {
        target = plan.target
        rows = plan.rows()
    }

    /// Rows not met whose η may still gain ICs.
    public var openCount: Int { rows.lazy.filter { $0.status == .open }.count }

    /// The state as lines of text: a summary, then one line per row.
    public func text() -> String {
        let header = "precision: \(target.measure.rawValue) ≤ \(target.value) at every ε, at most \(target.maxICs) ICs per η "
            + "(\(target.batch) at a time): \(openCount) of \(rows.count) rows open"
        return ([header] + rows.map { row in
            let value = row.value.map { String(describing: $0) } ?? "-"
            return "  η \(row.eta)  ε \(row.epsilon)  ICs \(row.stored)/\(row.ics)  kept \(row.kept)  "
                + "\(target.measure == .standardError ? "SE" : "CI half-width") \(value)  \(row.status.rawValue)"
        }).joined(separator: "\n")
    }
}
