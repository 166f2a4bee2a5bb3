import CCPUFeatures

/// Instruction-set extensions of an x86-64 CPU that the kernel's variants are compiled for, each present
/// only when the operating system also saves its registers.
public struct CPUFeatures: OptionSet, Sendable, Hashable {
    /// The bits of `lyapsweep_cpu_features()`.
    public let rawValue: UInt32

    /// Creates a set from the bits of `lyapsweep_cpu_features()`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// 256-bit integer and floating-point vectors.
    public static let avx2 = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX2)
    /// Fused multiply-add (FMA3).
    public static let fma = CPUFeatures(rawValue: LYAPSWEEP_CPU_FMA)
    /// Bit manipulation, first set.
    public static let bmi1 = CPUFeatures(rawValue: LYAPSWEEP_CPU_BMI1)
    /// Bit manipulation, second set.
    public static let bmi2 = CPUFeatures(rawValue: LYAPSWEEP_CPU_BMI2)
    /// Half-precision conversion.
    public static let f16c = CPUFeatures(rawValue: LYAPSWEEP_CPU_F16C)
    /// Leading-zero count.
    public static let lzcnt = CPUFeatures(rawValue: LYAPSWEEP_CPU_LZCNT)
    /// Byte-swapping moves.
    public static let movbe = CPUFeatures(rawValue: LYAPSWEEP_CPU_MOVBE)
    /// AVX-512 Foundation: 512-bit vectors and mask registers.
    public static let avx512f = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX512F)
    /// AVX-512 Conflict Detection.
    public static let avx512cd = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX512CD)
    /// AVX-512 Byte and Word.
    public static let avx512bw = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX512BW)
    /// AVX-512 Doubleword and Quadword.
    public static let avx512dq = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX512DQ)
    /// AVX-512 Vector Length (the instructions on 128- and 256-bit vectors).
    public static let avx512vl = CPUFeatures(rawValue: LYAPSWEEP_CPU_AVX512VL)

    /// What `-target-cpu haswell` assumes (x86-64-v3): the AVX2 variant's requirement.
    public static let haswell: CPUFeatures = [.avx2, .fma, .bmi1, .bmi2, .f16c, .lzcnt, .movbe]
    /// What `-target-cpu skylake-avx512` assumes of the vector unit (x86-64-v4): the AVX-512 variant's requirement.
    public static let skylakeAVX512: CPUFeatures = haswell.union([.avx512f, .avx512cd, .avx512bw, .avx512dq, .avx512vl])

    /// The features of the CPU this process runs on (cpuid and xgetbv; empty on other architectures).
    public static let current = CPUFeatures(rawValue: lyapsweep_cpu_features())

    /// The names of the features in the set, as `/proc/cpuinfo` spells them.
    public var names: [String] {
        let named: [(CPUFeatures, String)] = [
            (.avx2, "avx2"), (.fma, "fma"), (.bmi1, "bmi1"), (.bmi2, "bmi2"), (.f16c, "f16c"), (.lzcnt, "lzcnt"),
            (.movbe, "movbe"), (.avx512f, "avx512f"), (.avx512cd, "avx512cd"), (.avx512bw, "avx512bw"),
            (.avx512dq, "avx512dq"), (.avx512vl, "avx512vl"),
        ]
        return named.filter { contains($0.0) }.map(\.1)
    }
}
