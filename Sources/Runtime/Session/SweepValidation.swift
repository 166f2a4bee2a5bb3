import Sweep

/// `lyapsweep validate`: sweep files checked as a run would load them.
public enum SweepValidation {
    /// Checks each file (syntax, types, unknown keys, ranges, the network against its dataset): prints
    /// `FILE: ok — SUMMARY` on standard output for a valid one, every problem as FILE:LINE: FIELD: MESSAGE on
    /// standard error otherwise.
    ///
    /// - Returns: whether every file is valid.
    public static func check(_ files: [String]) throws -> Bool {
        var valid = true
        for file in files {
            do {
                let sweep = try SweepFile.load(path: file)
                _ = try SweepContext(sweep)
                print("\(file): ok — \(sweep.definition.summary)")
            } catch let error as SweepFileError {
                valid = false
                printError(error.description)
            }
        }
        return valid
    }
}
