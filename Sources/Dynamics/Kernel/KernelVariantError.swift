/// Why `LYAPSWEEP_KERNEL` cannot be honoured: it names no variant, or one this CPU cannot run.
public enum KernelVariantError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value is not a variant's name.
    case unknown(String, allowed: [KernelVariant])
    /// The CPU lacks `missing`, which the variant's instructions need.
    case unsupported(KernelVariant, missing: CPUFeatures, allowed: [KernelVariant])

    /// What was wrong and what is allowed on this CPU.
    public var description: String {
        switch self {
        case .unknown(let value, let allowed):
            "\(KernelVariant.environmentVariable)=\(value): no such kernel variant; allowed on this CPU: "
                + allowed.map(\.rawValue).joined(separator: ", ")
        case .unsupported(let variant, let missing, let allowed):
            "\(KernelVariant.environmentVariable)=\(variant.rawValue): this CPU lacks "
                + missing.names.joined(separator: ", ") + ", which the \(variant.rawValue) variant needs (it would "
                + "stop on an illegal instruction); allowed on this CPU: "
                + allowed.map(\.rawValue).joined(separator: ", ")
        }
    }
}
