/// The version of lyapsweep that computed a result, recorded with every run.
public enum LyapsweepVersion {
    /// The release version of this build.
    public static let current = "0.1.0"
}
