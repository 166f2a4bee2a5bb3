import Diagnostics

extension SweepFileReader {
    /// Reads the `[diagnostics]` table (every field optional; a missing table turns every diagnostic off).
    ///
    /// - Parameters:
    ///   - parameterCount: P of the network with its ghost units, the most Lyapunov exponents there are.
    ///   - trajectorySteps: t₀ + T, the steps of the reference the diagnostics follow; the loss series has one more point.
    mutating func readDiagnostics(parameterCount: Int, trajectorySteps: Int) -> DiagnosticsSettings {
        let table = "diagnostics"
        let positive = "a finite number > 0"
        let settings = DiagnosticsSettings(
            benettin: bool(table, "benettin", default: false),
            benettinDelta0: number(table, "benettin_delta0", default: 1e-8, allowed: { $0.isFinite && $0 > 0 }, allowedText: positive),
            spectrumSize: integer(table, "spectrum", default: 0, range: 0...min(parameterCount, SweepLimits.maxSpectrum)),
            qrEvery: integer(table, "qr_every", default: 1, range: 1...max(1, trajectorySteps)),
            invariantMeasure: bool(table, "invariant_measure", default: false),
            perWeight: bool(table, "per_weight", default: false),
            lossSeries: bool(table, "loss_series", default: false),
            kantzEmbedding: integer(table, "kantz_embedding", default: 3, range: 1...100),
            kantzDelay: integer(table, "kantz_delay", default: 1, range: 1...10_000),
            kantzRadius: number(table, "kantz_radius", default: 0.1, allowed: { $0.isFinite && $0 > 0 }, allowedText: positive),
            kantzSteps: integer(table, "kantz_steps", default: 10, range: 1...10_000),
            kantzTheilerWindow: integer(table, "kantz_theiler_window", default: 0, range: 0...10_000),
            autocorrelationLags: integer(table, "acf_lags", default: 50, range: 1...max(1, min(trajectorySteps, SweepLimits.maxAutocorrelationLags))),
            surrogates: integer(table, "surrogates", default: 99, range: 1...100_000))
        if settings.lossSeries, trajectorySteps > SweepLimits.maxLossSeriesSteps {
            report(table, "loss_series", """
                the loss series would have t₀ + T + 1 = \(trajectorySteps + 1) points; allowed: t₀ + T ≤ \
                \(SweepLimits.maxLossSeriesSteps) with loss_series = true (Kantz's neighbour search is quadratic in the \
                length; docs/sweep-limits.md)
                """)
        } else if settings.lossSeries {
            // Kantz needs an embedded point and its image `kantz_steps` later inside the t₀ + T + 1 loss values.
            let span = (settings.kantzEmbedding - 1) * settings.kantzDelay + settings.kantzSteps
            if span >= trajectorySteps {
                report(table, "kantz_steps", """
                    the embedding spans (kantz_embedding − 1) × kantz_delay + kantz_steps = \(span) steps, but the loss \
                    series has only \(trajectorySteps + 1) points (t₀ + T + 1); allowed: a span below \(trajectorySteps)
                    """)
            }
        }
        return settings
    }
}
