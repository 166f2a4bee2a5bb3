extension ICFit {
    /// Fits stored results again under another `[fit]` table: the re-analysis of `lyapsweep refit`.
    ///
    /// Only the fit section differs from the run's definition, so with the run's own section this returns
    /// the run's fits bit for bit (the same function on the same curves).
    ///
    /// - Parameters:
    ///   - results: The stored task results (their curves).
    ///   - definition: The run's sweep.
    ///   - fit: The window rule and filter to use.
    /// - Returns: The fits of every (η, IC, ε), in the order of `results` then ε.
    public static func refits(of results: [TaskResult], definition: SweepDefinition, fit: SweepDefinition.FitSection) -> [ICFit] {
        var analysed = definition
        analysed.fit = fit
        return results.flatMap { fits(of: $0, definition: analysed) }
    }
}
