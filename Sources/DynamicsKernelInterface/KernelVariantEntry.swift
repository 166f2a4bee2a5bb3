/// What one compiled variant of the kernel offers: its workspaces and the loop that measures its peak.
///
/// Each variant module has one conforming type, `VariantKernel`; `Dynamics.KernelVariant` picks one at run
/// time from the CPU's features. Calling into a variant the CPU cannot run is undefined (an illegal
/// instruction), so only the dispatcher should.
public protocol KernelVariantEntry {
    /// Trajectories per block: the SIMD lane width this variant is compiled for.
    static var laneWidth: Int { get }

    /// A workspace for `trajectories` trajectories of the network `layers` (units per layer, input first)
    /// with hidden activation `activation`, on the row-major training `features` (N × layers[0]) and their
    /// class `labels` (N of them, each < layers.last).
    static func makeWorkspace(
        layers: [Int], activation: KernelActivation, features: [Double], labels: [Int], trajectories: Int
    ) -> any LockstepWorkspace

    /// Floating-point operations of ``runPeak(iterations:)`` (a fused multiply-add counts 2 per lane).
    static func peakFlops(iterations: Int) -> Int

    /// The variant's Float64 peak loop: independent chains of fused multiply-adds at its width, as many as
    /// its registers hold without spilling. Returns a finite sum so that the work cannot be optimised away.
    static func runPeak(iterations: Int) -> Double
}
