/// Sweep-file texts that several test targets build their small sweeps from.
public enum SweepTexts {
    /// A sweep of 3 initial conditions at the given η, 2 members at each ε and a narrow fit grid
    /// (starts ≤ 20, lengths 10 … 40): small enough to compute in a debug test.
    ///
    /// - Parameters:
    ///   - eta, epsilon: TOML arrays, written as they stand (e.g. `"[1.0, 2.0]"`).
    ///   - steps: Training steps per trajectory.
    public static func small(name: String, seed: Int, eta: String, steps: Int, epsilon: String) -> String {
        """
        name = "\(name)"
        seed = \(seed)
        [training]
        eta = \(eta)
        steps = \(steps)
        [ensemble]
        ics = 3
        members = 2
        epsilon = \(epsilon)
        [fit]
        grid_start_max = 20
        grid_length_min = 10
        grid_length_max = 40
        """
    }

    /// A `[diagnostics]` table that turns every diagnostic on: Benettin, a top-3 spectrum, the invariant
    /// measure, per-weight values and the loss-series tests with `acfLags` lags (and `surrogates`
    /// shuffles when given; the file's default otherwise). Starts with the table header, no trailing newline.
    public static func diagnosticsTable(acfLags: Int, surrogates: Int? = nil) -> String {
        """
        [diagnostics]
        benettin = true
        spectrum = 3
        invariant_measure = true
        per_weight = true
        loss_series = true
        acf_lags = \(acfLags)
        """ + (surrogates.map { "\nsurrogates = \($0)" } ?? "")
    }
}
