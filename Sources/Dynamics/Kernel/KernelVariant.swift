import DynamicsKernelAVX2
import DynamicsKernelAVX512
import DynamicsKernelInterface
import DynamicsKernelPortable
import Foundation

/// A compiled variant of the lockstep kernel, chosen once per process from the CPU's features.
///
/// The hot loop (`Sources/DynamicsKernel`) is compiled three times, each its own module with its own
/// `-target-cpu` and lane width; everything else is compiled once. Every variant computes the same bits
/// (correctly rounded operations only, fused multiply-adds written out, lanes never mix), so the choice
/// changes speed only. `LYAPSWEEP_KERNEL=avx512|avx2|portable` forces one; a variant the CPU lacks is
/// refused (``KernelVariantError``), never run.
public enum KernelVariant: String, CaseIterable, Sendable, Codable {
    /// `-target-cpu skylake-avx512`, 16 lanes of `zmm`.
    case avx512
    /// `-target-cpu haswell` (AVX2 + FMA), 4 lanes of `ymm`.
    case avx2
    /// The compiler's baseline target, 4 lanes; on x86-64 without hardware fused multiply-add (each a C
    /// library call, tens of times slower).
    case portable

    /// The environment variable that forces a variant.
    public static let environmentVariable = "LYAPSWEEP_KERNEL"

    /// The CPU features the variant's instructions need.
    public var requirements: CPUFeatures {
        switch self {
        case .avx512: .skylakeAVX512
        case .avx2: .haswell
        case .portable: []
        }
    }

    /// Whether this build compiled the variant for its instruction set (x86-64 only; elsewhere every
    /// variant module is the portable code, and only ``portable`` is offered).
    var isOffered: Bool {
        #if arch(x86_64)
        true
        #else
        self == .portable
        #endif
    }

    /// The variants a CPU with `features` can run, fastest first.
    public static func supported(by features: CPUFeatures) -> [KernelVariant] {
        allCases.filter { $0.isOffered && features.isSuperset(of: $0.requirements) }
    }

    /// The variant to run: `requested` (the value of `LYAPSWEEP_KERNEL`; nil or empty for the fastest one
    /// the CPU supports) on a CPU with `features`.
    ///
    /// - Throws: ``KernelVariantError`` if `requested` names no variant or one the CPU cannot run.
    public static func choose(requested: String?, features: CPUFeatures) throws(KernelVariantError) -> KernelVariant {
        let allowed = supported(by: features)
        guard let requested, !requested.isEmpty else { return allowed[0] }
        guard let variant = KernelVariant(rawValue: requested), variant.isOffered else {
            throw .unknown(requested, allowed: allowed)
        }
        guard allowed.contains(variant) else {
            throw .unsupported(variant, missing: variant.requirements.subtracting(features), allowed: allowed)
        }
        return variant
    }

    /// The choice for this process: `LYAPSWEEP_KERNEL` on ``CPUFeatures/current``, made once.
    public static let selection = Result { () throws(KernelVariantError) -> KernelVariant in
        try choose(requested: ProcessInfo.processInfo.environment[environmentVariable], features: .current)
    }

    /// The variant of this process; commands call it at start-up to report a bad `LYAPSWEEP_KERNEL` as an error.
    public static func selected() throws(KernelVariantError) -> KernelVariant { try selection.get() }

    /// The variant every ``EnsembleKernel`` of this process runs by default.
    ///
    /// - Precondition: ``selected()`` does not throw (the process stops with its message otherwise).
    public static var active: KernelVariant {
        switch selection {
        case .success(let variant): variant
        case .failure(let error): fatalError(error.description)
        }
    }

    /// A warning to show when the fastest variant this CPU runs is the portable one on x86-64, whose fused
    /// multiply-adds are library calls: nil otherwise.
    public var slowPathWarning: String? {
        #if arch(x86_64)
        guard self == .portable else { return nil }
        return "this CPU lacks AVX2 + FMA (\(KernelVariant.avx2.requirements.subtracting(.current).names.joined(separator: ", ")) "
            + "missing): the kernel runs its portable variant, tens of times slower; results are the same bits"
        #else
        return nil
        #endif
    }

    /// Trajectories per block of lanes.
    public var laneWidth: Int { entry.laneWidth }

    /// The variant's module.
    var entry: any KernelVariantEntry.Type {
        switch self {
        case .avx512: DynamicsKernelAVX512.VariantKernel.self
        case .avx2: DynamicsKernelAVX2.VariantKernel.self
        case .portable: DynamicsKernelPortable.VariantKernel.self
        }
    }

    /// The widest lane count of any variant: what a memory estimate that must hold on every CPU pads to.
    public static var widestLaneWidth: Int { allCases.map(\.laneWidth).max()! }

    /// The Float64 peak of this variant on this core in GFLOP/s of CPU time: one timed run of its
    /// non-spilling fused multiply-add loop (`clock` gives the thread's CPU seconds).
    ///
    /// - Precondition: the CPU supports the variant.
    public func measurePeak(iterations: Int = 5_000_000, clock: () -> Double) -> Double {
        precondition(KernelVariant.supported(by: .current).contains(self), "\(rawValue) is not supported by this CPU")
        let start = clock()
        precondition(entry.runPeak(iterations: iterations).isFinite)
        return Double(entry.peakFlops(iterations: iterations)) / (clock() - start) / 1e9
    }
}
