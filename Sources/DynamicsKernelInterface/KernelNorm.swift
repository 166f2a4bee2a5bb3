/// How a lockstep workspace measures a trajectory's distance to the reference (the kernel's view of
/// `Dynamics.DistanceNorm`).
public enum KernelNorm: Sendable {
    /// Σ_j |w_j − w_j^ref|.
    case l1
    /// √(Σ_j (w_j − w_j^ref)²).
    case l2
}
