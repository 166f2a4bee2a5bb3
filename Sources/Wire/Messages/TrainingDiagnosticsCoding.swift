import Analysis
import Diagnostics

// Conversion of a task's diagnostics to and from their protobuf payload.
//
// Every series travels as packed doubles (bit-identical after decoding). Decoding checks what
// `TrainingDiagnosticsRunner` always satisfies:
// - no series longer than `Validate.maxCurvePoints`;
// - λ̂(t), the spectrum and Kantz's S(k) are never NaN or +∞ (−∞ is ln 0: an exactly contracted
//   direction);
// - ghost mass, gradient norm, running-mean loss, displacement and path length are finite and ≥ 0;
//   importance and the autocorrelation are finite; the band is finite and ≥ 0;
// - the three per-weight series are empty or equally long, as are the autocorrelation and its band;
// - Kantz's exponent is finite, S(k) not empty, and the p-value in (0, 1].

extension TrainingDiagnostics {
    /// The protobuf form.
    var proto: PBTrainingDiagnostics {
        var proto = PBTrainingDiagnostics()
        proto.benettin = benettin
        proto.spectrum = spectrum
        proto.ghostMass = ghostMass
        proto.gradientNorm = gradientNorm
        proto.runningMeanLoss = runningMeanLoss
        proto.weightImportance = weightImportance
        proto.weightDisplacement = weightDisplacement
        proto.weightPathLength = weightPathLength
        if let kantz {
            var kantzProto = PBKantzResult()
            kantzProto.divergence = kantz.divergence
            kantzProto.exponent = kantz.exponent
            kantzProto.pValue = kantz.pValue
            proto.kantz = kantzProto
        }
        proto.autocorrelation = autocorrelation
        proto.autocorrelationBand = autocorrelationBand
        return proto
    }

    /// Validates decoded diagnostics; fields are named `RESULT.result.diagnostics.<field>` in errors.
    init(validating proto: PBTrainingDiagnostics) throws(WireError) {
        let name = "RESULT.result.diagnostics"
        let spectrum = try Validate.logarithms(proto.spectrum, "\(name).spectrum")
        let importance = try Validate.series(proto.weightImportance, "\(name).weightImportance", nonNegative: false)
        let displacement = try Validate.series(proto.weightDisplacement, "\(name).weightDisplacement", nonNegative: true)
        let pathLength = try Validate.series(proto.weightPathLength, "\(name).weightPathLength", nonNegative: true)
        let perWeight = [importance.count, displacement.count, pathLength.count].filter { $0 > 0 }
        guard Set(perWeight).count <= 1, perWeight.isEmpty || perWeight.count == 3 else {
            throw Validate.inconsistent(
                "\(name) has \(importance.count) importances, \(displacement.count) displacements and \(pathLength.count) path lengths; they must all be one per parameter")
        }
        let autocorrelation = try Validate.series(proto.autocorrelation, "\(name).autocorrelation", nonNegative: false)
        let band = try Validate.series(proto.autocorrelationBand, "\(name).autocorrelationBand", nonNegative: true)
        guard autocorrelation.count == band.count else {
            throw Validate.inconsistent(
                "\(name).autocorrelation has \(autocorrelation.count) lags but autocorrelationBand \(band.count); they must agree")
        }
        var kantz: KantzResult?
        if proto.hasKantz {
            let divergence = try Validate.logarithms(proto.kantz.divergence, "\(name).kantz.divergence")
            guard !divergence.isEmpty else { throw Validate.inconsistent("\(name).kantz.divergence is empty") }
            guard proto.kantz.exponent.isFinite else {
                throw Validate.inconsistent("\(name).kantz.exponent is \(proto.kantz.exponent); it must be finite")
            }
            let pValue = proto.kantz.pValue
            guard pValue > 0, pValue <= 1 else {
                throw Validate.inconsistent("\(name).kantz.pValue is \(pValue); it must be in (0, 1]")
            }
            kantz = KantzResult(divergence: divergence, exponent: proto.kantz.exponent, pValue: pValue)
        }
        self.init(
            benettin: try Validate.logarithms(proto.benettin, "\(name).benettin"),
            spectrum: spectrum,
            ghostMass: try Validate.series(proto.ghostMass, "\(name).ghostMass", nonNegative: true),
            gradientNorm: try Validate.series(proto.gradientNorm, "\(name).gradientNorm", nonNegative: true),
            runningMeanLoss: try Validate.series(proto.runningMeanLoss, "\(name).runningMeanLoss", nonNegative: true),
            weightImportance: importance, weightDisplacement: displacement, weightPathLength: pathLength,
            kantz: kantz, autocorrelation: autocorrelation, autocorrelationBand: band)
    }
}
