/// One-line descriptions of a sweep, for `lyapsweep validate`.
extension SweepDefinition {
    /// What the sweep computes: tasks, trajectories, trajectory-steps and diagnostics.
    public var summary: String {
        "\(initialEtaIndices.count) η × \(ensemble.ics) ICs = \(taskCount) tasks, "
            + "\(ensembleSpec.trajectoryCount) trajectories × \(training.steps + 1) points each, "
            + "\(trajectoryStepsPerTask * taskCount) trajectory-steps"
            + (ensemble.precision.map { target in
                "; up to \(target.maxICs) ICs per η (\(target.batch) at a time) until \(target.measure.rawValue) ≤ \(target.value) at every ε: "
                    + "at most \(trajectoryStepsPerTask * taskCapacity) trajectory-steps"
            } ?? "")
            + (training.onset.map { search in
                "; an onset search of \(search.statistic.rawValue) = \(search.level) at ε = \(search.epsilon) "
                    + "(\(search.crossings.rawValue) crossing\(search.crossings == .all ? "s" : "")) adds η until the bracket's "
                    + "hi/lo − 1 ≤ \(search.tolerance): at most \(search.maxAdded) more η, "
                    + "\(trajectoryStepsPerTask * ensemble.ics) trajectory-steps each"
            } ?? "")
            + (computesDiagnostics ? "; diagnostics of each reference: \(diagnosticsSummary)" : "")
    }

    /// The diagnostics a sweep computes, e.g. "Benettin (δ₀ = 1e-08), spectrum k = 3, 2 ghost units".
    public var diagnosticsSummary: String {
        let settings = diagnostics
        let parts: [String?] = [
            settings.benettin ? "Benettin (δ₀ = \(settings.benettinDelta0))" : nil,
            settings.spectrumSize > 0 ? "spectrum k = \(settings.spectrumSize) (QR every \(settings.qrEvery))" : nil,
            model.ghosts > 0 ? "\(model.ghosts) ghost units" : nil,
            settings.invariantMeasure ? "gradient norm and running-mean loss" : nil,
            settings.perWeight ? "per-weight importance, displacement and path length" : nil,
            settings.lossSeries ? "Kantz and autocorrelation of the loss (\(settings.surrogates) surrogates)" : nil,
        ]
        return parts.compactMap { $0 }.joined(separator: ", ")
    }
}
