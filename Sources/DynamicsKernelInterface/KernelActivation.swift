/// The hidden-layer nonlinearity a lockstep workspace applies (the kernel's view of `Dynamics.Activation`).
public enum KernelActivation: Sendable {
    /// 1 / (1 + e^−z).
    case sigmoid
    /// tanh z.
    case tanh
    /// max(0, z), NaN mapped to 0.
    case relu
}
