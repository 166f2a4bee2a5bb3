import Analysis
import Dynamics
import Sweep

// Conversion of a task's fits (`ICFit`, one per ε curve) to and from `FitRecord`s.
//
// A record carries only what the task result does not: η, the indices and ε are taken from the result
// when decoding. Doubles travel as protobuf `double`, so λ, intercept and R² are bit-identical after
// decoding (−0.0 included).
//
// Decoding checks what `ICFit.fits(of:definition:)` always satisfies, whatever the sweep's `[fit]` table:
// - one record per curve, in curve order (`epsilonIndex` 0, 1, …);
// - a known verdict;
// - λ, intercept and R² finite; the window's start and length ≥ 0 and its end within the curve; without
//   λ (no fit) intercept, R² and window all 0;
// - `divergedAt` equal to the curve's; a diverged curve has verdict `diverged` and no fit; an undiverged
//   curve without a fit has verdict `no_window`, one with a fit `kept`, `poor_fit` or `below_min_lambda` (protobuf
//   `NON_POSITIVE`), or `unresolved` when the curve's resolution is below `FitFilter.minResolution` (and only then).

extension FitVerdict {
    /// The protobuf form.
    var proto: PBFitVerdict {
        switch self {
        case .kept: .kept
        case .poorFit: .poorFit
        case .belowMinLambda: .nonPositive
        case .diverged: .diverged
        case .noWindow: .noWindow
        case .unresolved: .unresolved
        }
    }

    /// Validates a decoded verdict; `field` names it in errors.
    init(validating proto: PBFitVerdict, field: String) throws(WireError) {
        switch proto {
        case .kept: self = .kept
        case .poorFit: self = .poorFit
        case .nonPositive: self = .belowMinLambda
        case .diverged: self = .diverged
        case .noWindow: self = .noWindow
        case .unresolved: self = .unresolved
        case .unspecified, .UNRECOGNIZED:
            throw Validate.inconsistent(
                "\(field) is \(proto.rawValue); it must be 1 (kept) … 6 (unresolved)")
        }
    }
}

extension ICFit {
    /// The protobuf form (η, the IC and ε are the task result's and are not sent).
    var proto: PBFitRecord {
        var proto = PBFitRecord()
        proto.epsilonIndex = Int64(epsilonIndex)
        if let fit {
            proto.lambda = fit.lambda
            proto.intercept = fit.intercept
            proto.rSquared = fit.rSquared
            proto.windowStart = Int64(fit.window.start)
            proto.windowLength = Int64(fit.window.length)
        }
        proto.verdict = verdict.proto
        if let divergedAt { proto.divergedAt = Int64(divergedAt) }
        return proto
    }

    /// Validates the decoded fits of `result`'s curves and completes them with the result's η, indices and ε.
    static func fits(validating records: [PBFitRecord], of result: TaskResult) throws(WireError) -> [ICFit] {
        let curves = result.ensemble.curves
        guard records.count == curves.count else {
            throw Validate.inconsistent(
                "RESULT.fits has \(records.count) fits but the result has \(curves.count) curves; there must be one fit per curve")
        }
        var fits: [ICFit] = []
        fits.reserveCapacity(records.count)
        for (index, (record, curve)) in zip(records, curves).enumerated() {
            fits.append(try ICFit(validating: record, index: index, curve: curve, of: result))
        }
        return fits
    }

    /// Validates the record of curve number `index` of `result`.
    private init(validating record: PBFitRecord, index: Int, curve: DivergenceCurve, of result: TaskResult) throws(WireError) {
        let name = "RESULT.fits[\(index)]"
        guard record.epsilonIndex == Int64(index) else {
            throw Validate.inconsistent("\(name).epsilonIndex is \(record.epsilonIndex); fits must be in curve order, so it must be \(index)")
        }
        let verdict = try FitVerdict(validating: record.verdict, field: "\(name).verdict")
        let fit = try Self.fit(validating: record, name: name, points: curve.meanDistance.count)
        var divergedAt: Int?
        if record.hasDivergedAt { divergedAt = try Validate.int(record.divergedAt, "\(name).divergedAt") }
        guard divergedAt == curve.divergedAt else {
            throw Validate.inconsistent(
                "\(name).divergedAt is \(divergedAt.map(String.init) ?? "absent") but the curve's is \(curve.divergedAt.map(String.init) ?? "absent"); they must agree")
        }
        let unresolved = curve.resolution.map { !($0 >= FitFilter.minResolution) } ?? false
        let allowed: Set<FitVerdict> =
            if curve.diverged { [.diverged] } else if fit == nil { [.noWindow] } else if unresolved { [.unresolved] }
            else { [.kept, .poorFit, .belowMinLambda] }
        guard allowed.contains(verdict) else {
            let state = curve.diverged ? "diverged" : fit == nil ? "has no fit" : unresolved ? "has a fit below the resolution" : "has a fit"
            throw Validate.inconsistent(
                "\(name).verdict is \(verdict.rawValue) but the curve \(state); allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        guard !curve.diverged || fit == nil else {
            throw Validate.inconsistent("\(name) has a fit although its curve diverged; a diverged curve is not fitted")
        }
        self.init(
            etaIndex: result.task.etaIndex, eta: result.eta, icIndex: result.task.icIndex,
            epsilonIndex: index, epsilon: curve.epsilon, fit: fit, verdict: verdict, divergedAt: divergedAt)
    }

    /// The fit of a record: nil without λ (every other fit field must then be 0), else finite numbers on a
    /// window within the curve's `points` steps.
    private static func fit(validating record: PBFitRecord, name: String, points: Int) throws(WireError) -> LyapunovFit? {
        guard record.hasLambda else {
            guard record.intercept.bitPattern == 0, record.rSquared.bitPattern == 0,
                  record.windowStart == 0, record.windowLength == 0 else {
                throw Validate.inconsistent(
                    "\(name) has no lambda but intercept \(record.intercept), rSquared \(record.rSquared), window \(record.windowStart)+\(record.windowLength); without a fit they must be 0")
            }
            return nil
        }
        for (value, field) in [(record.lambda, "lambda"), (record.intercept, "intercept"), (record.rSquared, "rSquared")]
        where !value.isFinite {
            throw Validate.inconsistent("\(name).\(field) is \(value); it must be finite")
        }
        let start = try Validate.int(record.windowStart, "\(name).windowStart")
        let length = try Validate.int(record.windowLength, "\(name).windowLength")
        guard length <= points - start else {
            throw Validate.inconsistent(
                "\(name) fits \(length) steps from step \(start) but its curve has \(points) points; the window must lie within the curve")
        }
        return LyapunovFit(
            lambda: record.lambda, intercept: record.intercept, rSquared: record.rSquared,
            window: FitWindow(start: start, length: length))
    }
}
