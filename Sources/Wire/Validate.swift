/// Checks that turn decoded protobuf fields into validated Swift values.
///
/// Every failure is a ``WireError`` with reason ``WireError/Reason/inconsistent`` whose description names
/// the field and the offending value.
enum Validate {
    /// The most bytes of an identifier-like text field (worker id, host, run id, hash, version, name).
    static let shortTextBytes = 1024
    /// The most bytes of a free-text reason (REJECT, SHUTDOWN); CRASH_REPORT's is ``CrashReport/maxReasonBytes``.
    static let reasonBytes = 64 << 10
    /// The most points of a divergence curve, a member's distance series or the reference's loss.
    static let maxCurvePoints = 10_000_000

    /// An `inconsistent` error with the given explanation.
    static func inconsistent(_ text: String) -> WireError {
        WireError(.inconsistent, text)
    }

    /// `value` as an `Int` in `minimum...maximum`.
    static func int(_ value: Int64, _ field: String, minimum: Int = 0, maximum: Int = .max) throws(WireError) -> Int {
        guard let int = Int(exactly: value), int >= minimum, int <= maximum else {
            let range = maximum == .max ? "≥ \(minimum)" : "in \(minimum)…\(maximum)"
            throw inconsistent("\(field) is \(value); it must be \(range)")
        }
        return int
    }

    /// `values` as task ids: at most `maximumCount` of them, each ≥ 0; errors name `field[index]`.
    static func ids(_ values: [Int64], _ field: String, maximumCount: Int) throws(WireError) -> [Int] {
        guard values.count <= maximumCount else {
            throw inconsistent("\(field) lists \(values.count) ids; at most \(maximumCount) are allowed")
        }
        var ids: [Int] = []
        ids.reserveCapacity(values.count)
        for (index, id) in values.enumerated() {
            ids.append(try int(id, "\(field)[\(index)]"))
        }
        return ids
    }

    /// `value` if it is at most `maximumBytes` UTF-8 bytes long and, when `required`, not empty.
    static func text(_ value: String, _ field: String, maximumBytes: Int, required: Bool) throws(WireError) -> String {
        let bytes = value.utf8.count
        if required, bytes == 0 {
            throw inconsistent("\(field) is empty")
        }
        guard bytes <= maximumBytes else {
            throw inconsistent("\(field) is \(bytes) bytes long; at most \(maximumBytes) are allowed")
        }
        return value
    }

    /// `value` if it is finite and > 0.
    static func positive(_ value: Double, _ field: String) throws(WireError) -> Double {
        guard value.isFinite, value > 0 else {
            throw inconsistent("\(field) is \(value); it must be finite and > 0")
        }
        return value
    }

    /// `value` if it is finite and ≥ 0 (−0.0 included).
    static func nonNegative(_ value: Double, _ field: String) throws(WireError) -> Double {
        guard value.isFinite, value >= 0 else {
            throw inconsistent("\(field) is \(value); it must be finite and ≥ 0")
        }
        return value
    }

    /// `values` if there are at most ``maxCurvePoints`` of them and each is finite (and ≥ 0 if `nonNegative`).
    static func series(_ values: [Double], _ field: String, nonNegative: Bool) throws(WireError) -> [Double] {
        guard values.count <= maxCurvePoints else {
            throw inconsistent("\(field) has \(values.count) points; at most \(maxCurvePoints) are allowed")
        }
        for (step, value) in values.enumerated() where !value.isFinite || (nonNegative && value < 0) {
            let rule = nonNegative ? "finite and ≥ 0" : "finite"
            throw inconsistent("\(field)[\(step)] is \(value); values must be \(rule) (diverged curves are truncated)")
        }
        return values
    }

    /// `values` if there are at most ``maxCurvePoints`` of them and none is NaN or +∞: logarithms of
    /// distance ratios, where −∞ (ln 0, an exactly contracted direction) is a legitimate value.
    static func logarithms(_ values: [Double], _ field: String) throws(WireError) -> [Double] {
        guard values.count <= maxCurvePoints else {
            throw inconsistent("\(field) has \(values.count) points; at most \(maxCurvePoints) are allowed")
        }
        for (index, value) in values.enumerated() where value.isNaN || value == .infinity {
            throw inconsistent("\(field)[\(index)] is \(value); values must be finite or −∞")
        }
        return values
    }
}
