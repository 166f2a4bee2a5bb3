import Dynamics

/// An upper estimate of what one task of a sweep holds in a worker's memory and sends back, from the
/// sweep's sizes alone, so an impossible sweep is refused before anything is allocated
/// (``SweepLimits/maxTaskMemoryBytes``, ``SweepLimits/maxResultBytes``).
///
/// Sizes are in bytes, computed in Float64 so that no product of counts can overflow. Each term names
/// the field that drives it, so an over-limit message can say what to change.
public struct TaskFootprint: Sendable {
    /// One part of the estimate.
    public struct Term: Sendable {
        /// What it is, e.g. "trajectory parameters (1 + M·|ε|) × P × 8 B".
        public var what: String
        /// The field to change to shrink it, as (table, key), e.g. ("ensemble", "members").
        public var table: String
        /// The key within ``table``.
        public var key: String
        /// Its size in bytes.
        public var bytes: Double
    }

    /// The parts of the peak memory of one task, largest first.
    public let memoryTerms: [Term]
    /// The parts of the RESULT message of one task, largest first.
    public let resultTerms: [Term]

    /// The estimated peak memory of one task in a worker, in bytes.
    public var memoryBytes: Double { memoryTerms.reduce(0) { $0 + $1.bytes } }
    /// The estimated size of one task's RESULT payload, in bytes.
    public var resultBytes: Double { resultTerms.reduce(0) { $0 + $1.bytes } }

    /// Estimates the footprint of a task of `definition` on a training split of `trainSamples` samples.
    ///
    /// - Parameters:
    ///   - definition: The sweep (its window rule does not matter).
    ///   - trainSamples: Samples of the training split (0 if not known yet, e.g. a CSV not yet read).
    public init(definition: SweepDefinition, trainSamples: Int) {
        let d = definition
        let double = 8.0
        let architecture = d.architecture
        let widths = architecture.layers.map(Double.init)
        let unitSum = widths.reduce(0, +), widest = widths.max() ?? 0
        let p = Double(architecture.parameterCount)
        let m = Double(d.ensemble.members), e = Double(d.ensemble.epsilons.count)
        let trajectories = 1 + m * e
        let lanes = Double(KernelVariant.widestLaneWidth)
        let paddedTrajectories = (trajectories / lanes).rounded(.up) * lanes
        let points = Double(d.training.steps) + 1
        let n = Double(trainSamples)
        let reference = Double(d.training.perturbAt + d.training.steps) + 1

        var result: [Term] = [
            Term(what: "mean distance curves |ε| × (T + 1) × 8 B", table: "ensemble", key: "epsilon", bytes: e * points * double),
            Term(what: "reference loss (T + 1) × 8 B", table: "training", key: "steps", bytes: points * double),
        ]
        if d.ensemble.keepMemberCurves {
            result.append(Term(what: "member curves M × |ε| × (T + 1) × 8 B (keep_member_curves)", table: "ensemble",
                               key: "keep_member_curves", bytes: m * e * points * double))
        }
        var memory: [Term] = [
            Term(what: "trajectory parameters (1 + M·|ε|, padded to \(KernelVariant.widestLaneWidth)) × P × 8 B", table: "ensemble",
                 key: "members", bytes: paddedTrajectories * p * double),
            Term(what: "per-step losses and distances 2 × (T + 1) × (1 + M·|ε|) × 8 B", table: points > trajectories ? "training" : "ensemble",
                 key: points > trajectories ? "steps" : "members", bytes: 2 * points * paddedTrajectories * double),
            Term(what: "member distance curves 2 × M × |ε| × (T + 1) × 8 B", table: "ensemble", key: "members",
                 bytes: 2 * m * e * points * double),
            Term(what: "network buffers and perturbations (≈ 24 P + 400 × units) × 8 B", table: "model", key: "layers",
                 bytes: (24 * p + 400 * unitSum) * double),
            Term(what: "dataset copies 3 × samples × inputs × 8 B", table: "data", key: "train",
                 bytes: 3 * n * widths[0] * double),
        ]
        if d.ensemble.tangent {
            result.append(Term(what: "tangent curve (T + 1) × 8 B", table: "ensemble", key: "tangent", bytes: points * double))
            memory.append(Term(what: "tangent ensemble: Hessian-vector activations ≈ (6 × units + 4 × widest) × samples and (M + 4) P, × 8 B",
                               table: "ensemble", key: "tangent", bytes: ((6 * unitSum + 4 * widest) * n + (m + 4) * p) * double))
        }
        let stateVectors = Double(d.training.optimizer.stateVectorCount)
        if stateVectors > 0 {
            memory.append(Term(what: "optimizer state (1 + M·|ε|) × \(Int(stateVectors)) × P × 8 B", table: "training",
                               key: "optimizer", bytes: trajectories * stateVectors * p * double))
        }
        if d.computesDiagnostics {
            let s = d.diagnostics
            let curvature = s.spectrumSize > 0 || d.model.ghosts > 0
            let evaluators = (curvature ? 6 : 1) * unitSum * n + (curvature ? 4 : 2) * widest * n
            memory.append(Term(what: "diagnostics activations and errors per sample", table: "model", key: "layers",
                               bytes: evaluators * double))
            memory.append(Term(what: "diagnostics weight vectors ≈ 12 P × 8 B", table: "model", key: "layers", bytes: 12 * p * double))
            let k = Double(min(s.spectrumSize, architecture.parameterCount))
            if k > 0 {
                memory.append(Term(what: "tangent vectors 2 × spectrum × P × 8 B", table: "diagnostics", key: "spectrum",
                                   bytes: 2 * k * p * double))
                result.append(Term(what: "spectrum", table: "diagnostics", key: "spectrum", bytes: k * double))
            }
            var series = 1.0  // the loss curve itself
            if s.benettin { series += 1 }
            if d.model.ghosts > 0 { series += 1 }
            if s.invariantMeasure { series += 2 }
            result.append(Term(what: "diagnostics series (t₀ + T + 1) × 8 B each", table: "training", key: "steps",
                               bytes: (series - 1) * reference * double))
            memory.append(Term(what: "diagnostics series (t₀ + T + 1) × 8 B each", table: "training", key: "steps",
                               bytes: series * reference * double))
            if s.perWeight {
                result.append(Term(what: "per-weight values 3 × P × 8 B", table: "diagnostics", key: "per_weight", bytes: 3 * p * double))
            }
            if s.lossSeries {
                let lags = Double(min(s.autocorrelationLags, d.training.perturbAt + d.training.steps)) + 1
                memory.append(Term(what: "loss-series analysis ≈ 6 × (t₀ + T + 1) × 8 B", table: "diagnostics", key: "loss_series",
                                   bytes: 6 * reference * double))
                memory.append(Term(what: "autocorrelation band (acf_lags + 1) × surrogates × 8 B", table: "diagnostics",
                                   key: "surrogates", bytes: lags * Double(s.surrogates) * double))
                result.append(Term(what: "Kantz and autocorrelation", table: "diagnostics", key: "acf_lags",
                                   bytes: (Double(s.kantzSteps) + 1 + 2 * lags) * double))
            }
        }
        // Encoding a RESULT holds the result, its protobuf message and the serialised bytes at once.
        let resultBytes = result.reduce(0) { $0 + $1.bytes }
        memory.append(Term(what: "the RESULT being encoded, 2 × its size", table: "training", key: "steps", bytes: 2 * resultBytes))
        memoryTerms = memory.sorted { $0.bytes > $1.bytes }
        resultTerms = result.sorted { $0.bytes > $1.bytes }
    }

    /// The problems of this footprint against the limits, each as the field to blame and a message.
    ///
    /// - Returns: Nothing if the task fits in ``SweepLimits/maxTaskMemoryBytes`` and its RESULT in
    ///   ``SweepLimits/maxResultBytes``.
    public func problems() -> [(table: String, key: String, message: String)] {
        var found: [(table: String, key: String, message: String)] = []
        let check: [(String, Double, Int, [Term])] = [
            ("memory per task", memoryBytes, SweepLimits.maxTaskMemoryBytes, memoryTerms),
            ("RESULT message per task", resultBytes, SweepLimits.maxResultBytes, resultTerms),
        ]
        for (name, total, limit, terms) in check where total > Double(limit) {
            let largest = terms[0]
            let parts = terms.prefix(3).filter { $0.bytes > 0 }.map { "\($0.what) = \(Self.text(bytes: $0.bytes))" }
            found.append((largest.table, largest.key, """
                the estimated \(name) is \(Self.text(bytes: total)), above the limit of \(Self.text(bytes: Double(limit))) \
                (largest parts: \(parts.joined(separator: "; "))); allowed: a sweep within the limit — fewer members, \
                ε values or steps, a smaller network, fewer diagnostics, or several smaller sweeps (docs/sweep-limits.md)
                """))
        }
        return found
    }

    /// A byte count for people: "1.5 GiB", "48.0 MiB", "12.0 KiB", "512 B".
    static func text(bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(value)) B" }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }
}
