import DynamicsKernelInterface

/// This variant of the kernel, as `Dynamics.KernelVariant` calls it: the one type of the module that the
/// dispatcher sees.
public enum VariantKernel: KernelVariantEntry {
    /// ``Lanes``' width.
    public static var laneWidth: Int { Lanes.scalarCount }

    /// A ``KernelWorkspace`` of this variant.
    public static func makeWorkspace(
        layers: [Int], activation: KernelActivation, features: [Double], labels: [Int], trajectories: Int
    ) -> any LockstepWorkspace {
        KernelWorkspace(layers: layers, activation: activation, features: features, labels: labels,
                        trajectories: trajectories)
    }

    /// ``LanePeak/flops(iterations:)``.
    public static func peakFlops(iterations: Int) -> Int { LanePeak.flops(iterations: iterations) }

    /// ``LanePeak/run(iterations:)``.
    public static func runPeak(iterations: Int) -> Double { LanePeak.run(iterations: iterations) }
}
