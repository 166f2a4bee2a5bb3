import Diagnostics
import Dynamics
import Sweep

// Conversion of the Sweep and Dynamics result types to and from their protobuf payloads.
//
// Doubles travel as protobuf `double` (the IEEE-754 bit pattern) in packed repeated fields, so a
// decoded value is bit-identical to the encoded one. `memberDistances` nil and [] stay distinct: nil
// leaves the `member_distances` message out, [] sends it empty.
//
// Decoding checks what a result computed by `EnsembleRunner` always satisfies:
// - task indices ≥ 0, η finite and > 0, ε finite and > 0, except the last curve's, which may be 0 (the
//   tangent curve, ε → 0); a resolution, when present, finite and ≥ 0;
// - no series longer than `Validate.maxCurvePoints`; loss values finite; distances finite and ≥ 0
//   (a diverged curve is truncated before the first non-finite step);
// - `divergedAt`, when present, equals `meanDistance.count`; `referenceDivergedAt`, when present,
//   equals `referenceLoss.count`;
// - every member series is as long as `meanDistance`; `divergedMembers` ≥ 0, not more than the members
//   kept, and 0 unless the curve diverged;
// - a curve that did not diverge is as long as `referenceLoss`; no curve runs past `referenceLoss`;
//   when the reference diverged, every curve diverged too.

extension SweepTask {
    /// The protobuf form.
    var proto: PBSweepTask {
        var proto = PBSweepTask()
        proto.icIndex = Int64(icIndex)
        proto.etaIndex = Int64(etaIndex)
        return proto
    }

    /// Validates a decoded task; `field` names it in errors.
    init(validating proto: PBSweepTask, field: String) throws(WireError) {
        self.init(
            icIndex: try Validate.int(proto.icIndex, "\(field).icIndex"),
            etaIndex: try Validate.int(proto.etaIndex, "\(field).etaIndex"))
    }
}

extension TaskResult {
    /// The protobuf form.
    var proto: PBTaskResult {
        var proto = PBTaskResult()
        proto.task = task.proto
        proto.eta = eta
        proto.ensemble = ensemble.proto
        if let diagnostics { proto.diagnostics = diagnostics.proto }
        return proto
    }

    /// Validates a decoded result; task and ensemble must be present, diagnostics are optional.
    init(validating proto: PBTaskResult) throws(WireError) {
        guard proto.hasTask else { throw Validate.inconsistent("RESULT.result.task is missing") }
        guard proto.hasEnsemble else { throw Validate.inconsistent("RESULT.result.ensemble is missing") }
        self.init(
            task: try SweepTask(validating: proto.task, field: "RESULT.result.task"),
            eta: try Validate.positive(proto.eta, "RESULT.result.eta"),
            ensemble: try EnsembleResult(validating: proto.ensemble),
            diagnostics: proto.hasDiagnostics ? try TrainingDiagnostics(validating: proto.diagnostics) : nil)
    }
}

extension EnsembleResult {
    /// The protobuf form.
    var proto: PBEnsembleResult {
        var proto = PBEnsembleResult()
        proto.referenceLoss = referenceLoss
        if let referenceDivergedAt { proto.referenceDivergedAt = Int64(referenceDivergedAt) }
        proto.curves = curves.map(\.proto)
        return proto
    }

    /// Validates a decoded ensemble and its curves against the reference.
    init(validating proto: PBEnsembleResult) throws(WireError) {
        let loss = try Validate.series(proto.referenceLoss, "referenceLoss", nonNegative: false)
        var referenceDivergedAt: Int?
        if proto.hasReferenceDivergedAt {
            let step = try Validate.int(proto.referenceDivergedAt, "referenceDivergedAt")
            guard step == loss.count else {
                throw Validate.inconsistent(
                    "referenceDivergedAt is \(step) but referenceLoss has \(loss.count) points; they must agree")
            }
            referenceDivergedAt = step
        }
        var curves: [DivergenceCurve] = []
        curves.reserveCapacity(proto.curves.count)
        for (index, curveProto) in proto.curves.enumerated() {
            let curve = try DivergenceCurve(
                validating: curveProto, name: "curves[\(index)]", mayBeTangent: index == proto.curves.count - 1)
            try Self.check(curve, name: "curves[\(index)]", referencePoints: loss.count, referenceDivergedAt: referenceDivergedAt)
            curves.append(curve)
        }
        self.init(referenceLoss: loss, referenceDivergedAt: referenceDivergedAt, curves: curves)
    }

    /// Checks one curve against the reference trajectory it was measured from.
    private static func check(
        _ curve: DivergenceCurve, name: String, referencePoints: Int, referenceDivergedAt: Int?
    ) throws(WireError) {
        let points = curve.meanDistance.count
        if let divergedAt = curve.divergedAt {
            guard divergedAt <= referencePoints else {
                throw Validate.inconsistent(
                    "\(name) diverged at step \(divergedAt), after the end of referenceLoss (\(referencePoints) points)")
            }
        } else {
            guard referenceDivergedAt == nil else {
                throw Validate.inconsistent(
                    "\(name) did not diverge although the reference diverged at step \(referenceDivergedAt!)")
            }
            guard points == referencePoints else {
                throw Validate.inconsistent(
                    "\(name).meanDistance has \(points) points but referenceLoss has \(referencePoints); an undiverged curve spans the whole trajectory")
            }
        }
    }
}

extension DivergenceCurve {
    /// The protobuf form.
    var proto: PBDivergenceCurve {
        var proto = PBDivergenceCurve()
        proto.epsilon = epsilon
        proto.meanDistance = meanDistance
        if let memberDistances {
            var members = PBMemberDistances()
            members.members = memberDistances.map { series in
                var proto = PBDistanceSeries()
                proto.values = series
                return proto
            }
            proto.memberDistances = members
        }
        proto.divergedMembers = Int64(divergedMembers)
        if let divergedAt { proto.divergedAt = Int64(divergedAt) }
        if let resolution { proto.resolution = resolution }
        return proto
    }

    /// Validates one decoded curve on its own; `name` names it in errors, and `mayBeTangent` allows ε = 0.
    init(validating proto: PBDivergenceCurve, name: String, mayBeTangent: Bool) throws(WireError) {
        let epsilon = mayBeTangent && proto.epsilon == 0
            ? 0 : try Validate.positive(proto.epsilon, "\(name).epsilon")
        let resolution = proto.hasResolution ? try Validate.nonNegative(proto.resolution, "\(name).resolution") : nil
        let mean = try Validate.series(proto.meanDistance, "\(name).meanDistance", nonNegative: true)
        let divergedMembers = try Validate.int(proto.divergedMembers, "\(name).divergedMembers")
        var divergedAt: Int?
        if proto.hasDivergedAt {
            let step = try Validate.int(proto.divergedAt, "\(name).divergedAt")
            guard step == mean.count else {
                throw Validate.inconsistent(
                    "\(name).divergedAt is \(step) but meanDistance has \(mean.count) points; a diverged curve stops just before divergedAt")
            }
            divergedAt = step
        } else if divergedMembers > 0 {
            throw Validate.inconsistent("\(name) has \(divergedMembers) diverged members but no divergedAt")
        }
        var memberDistances: [[Double]]?
        if proto.hasMemberDistances {
            let members = proto.memberDistances.members
            if !members.isEmpty, divergedMembers > members.count {
                throw Validate.inconsistent(
                    "\(name).divergedMembers is \(divergedMembers) but only \(members.count) members are reported")
            }
            var series: [[Double]] = []
            series.reserveCapacity(members.count)
            for (member, values) in members.enumerated() {
                let field = "\(name).memberDistances[\(member)]"
                guard values.values.count == mean.count else {
                    throw Validate.inconsistent(
                        "\(field) has \(values.values.count) points but meanDistance has \(mean.count); they must agree")
                }
                series.append(try Validate.series(values.values, field, nonNegative: true))
            }
            memberDistances = series
        }
        self.init(
            epsilon: epsilon, meanDistance: mean, memberDistances: memberDistances,
            divergedMembers: divergedMembers, divergedAt: divergedAt, resolution: resolution)
    }
}
