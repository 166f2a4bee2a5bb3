import Sweep

extension WireProtocol {
    /// An upper bound, in bytes, on the payload of any legal RESULT of `definition`'s sweep.
    ///
    /// A coordinator sets ZeroMQ's maximum message size to (a little above) this and decodes with
    /// ``WireLimits/init(for:)``, so a RESULT no legal worker could send is dropped unread. The bound adds up
    /// the largest encoding of every field a task of the sweep can fill, each integer counted at 10 varint
    /// bytes and each field and sub-message with a 1-byte tag and a 10-byte length:
    /// - the reference loss and one mean curve per ε (and the tangent curve), T + 1 doubles (8 bytes) each, with
    ///   each curve's resolution;
    /// - when the sweep keeps member curves, M member series of T + 1 doubles per ε;
    /// - when the sweep computes diagnostics, each series it asks for: t₀ + T + 1 points for the per-step
    ///   series (λ̂, ghost mass, gradient norm, running-mean loss), the spectrum size, 3 × the parameter
    ///   count for the per-weight series, K + 1 points of Kantz's S(k) and 2 × (L + 1) for the
    ///   autocorrelation and its band;
    /// - one fit record per ε, and the credits;
    /// plus a margin of 1/64 of the sum and 4 KiB.
    ///
    /// The result does not depend on ``WireLimits/standard``: a sweep whose results exceed 64 MiB gets a
    /// larger bound.
    public static func largestResultPayload(for definition: SweepDefinition) -> Int {
        let varint = 1 + 10  // tag + the longest varint
        let double = 1 + 8  // tag + 8 bytes
        let header = 1 + 10  // tag + the longest length of a sub-message or packed array
        func series(_ points: Int) -> Int { header + 8 * points }

        let points = definition.training.steps + 1
        let epsilons = definition.ensemble.curveEpsilons.count
        // ε, mean distance, diverged members, diverged at, resolution; member distances when kept.
        var curve = header + 2 * double + series(points) + 2 * varint
        if definition.ensemble.keepMemberCurves {
            curve += header + definition.ensemble.members * (header + series(points))
        }
        // Reference loss, reference diverged at, the curves.
        let ensemble = header + series(points) + varint + epsilons * curve

        var diagnostics = 0
        if definition.computesDiagnostics {
            let settings = definition.diagnostics
            let referencePoints = definition.training.perturbAt + definition.training.steps + 1
            diagnostics = header
            if settings.benettin { diagnostics += series(referencePoints) }
            if settings.spectrumSize > 0 { diagnostics += series(settings.spectrumSize) }
            if definition.model.ghosts > 0 { diagnostics += series(referencePoints) }
            if settings.invariantMeasure { diagnostics += 2 * series(referencePoints) }
            if settings.perWeight { diagnostics += 3 * series(definition.architecture.parameterCount) }
            if settings.lossSeries {
                diagnostics += header + series(settings.kantzSteps + 1) + 2 * double
                diagnostics += 2 * series(settings.autocorrelationLags + 1)
            }
        }

        // Task (two indices), η, ensemble, diagnostics.
        let taskResult = header + (header + 2 * varint) + double + ensemble + diagnostics
        // ε index, window start and length, verdict, diverged at; λ, intercept, R².
        let fit = header + 5 * varint + 3 * double
        // Task id, result, compute seconds, trajectory steps, fits, credits.
        let report = varint + taskResult + double + varint + epsilons * fit + varint
        return report + report / 64 + 4096
    }
}
