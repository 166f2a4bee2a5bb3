import Dynamics
import Foundation
import Sweep
import Wire

/// A parser of untrusted input that the harness fuzzes, chosen by the environment variable
/// `LYAPSWEEP_FUZZ_TARGET` (its raw value).
///
/// Every input is a byte string. A parser error is a normal outcome; a crash, a hang or an allocation above the
/// bound the runner sets (fuzz/README.md) is a finding.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `SweepFile.parse(text:path:)`: a sweep file (TOML), as `lyapsweep run` and `validate` read it.
    case sweep
    /// `Dataset(csv:name:source:)`: a user dataset, as a worker receives it in WELCOME.
    case csv
    /// `WireCodec.decode(_:version:)`: the input's first 8 bytes are the header frame, the rest is the payload frame.
    case wire
    /// `Dataset(idxImageBytes:…)`: an IDX image file and an IDX label file (each raw or gzip), as `[data] images`
    /// and `labels` name them; the input's first byte says where the image file ends (``idxFiles(_:)``).
    case idx

    /// The bounds the `idx` target reads with: small enough that a blow-up of a 4 KiB input is a finding.
    static let idxLimits = IDXLimits(maxFileBytes: 1 << 20, maxSamples: 10_000, maxFeatures: 4096, maxFeatureBytes: 64 << 20)

    /// The two files of an `idx` input: after the first byte b, the first ⌊b · rest / 255⌋ bytes are the image
    /// file and the others the label file.
    static func idxFiles(_ bytes: [UInt8]) -> (images: [UInt8], labels: [UInt8]) {
        guard let first = bytes.first else { return ([], []) }
        let rest = Array(bytes.dropFirst())
        let split = Int(first) * rest.count / 255
        return (Array(rest[..<split]), Array(rest[split...]))
    }

    /// The target named by `LYAPSWEEP_FUZZ_TARGET`; exits with status 2 and a usage line if it names none.
    static func fromEnvironment() -> FuzzTarget {
        let name = ProcessInfo.processInfo.environment["LYAPSWEEP_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("LYAPSWEEP_FUZZ_TARGET is \"\(name)\"; allowed: \(names)\n".utf8))
            exit(2)
        }
        return target
    }

    /// Runs the parser on one input: whether it accepted the input (false: it threw its error).
    @discardableResult
    func run(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .sweep:
            (try? SweepFile.parse(text: String(decoding: bytes, as: UTF8.self), path: "fuzz.toml")) != nil
        case .csv:
            (try? Dataset(csv: String(decoding: bytes, as: UTF8.self), name: "fuzz", source: "fuzz.csv")) != nil
        case .wire:
            (try? WireCodec.decode([Array(bytes[..<min(8, bytes.count)]), Array(bytes[min(8, bytes.count)...])])) != nil
        case .idx:
            (try? Dataset(
                idxImageBytes: Self.idxFiles(bytes).images, imagesSource: "fuzz-images.idx", labelBytes: Self.idxFiles(bytes).labels,
                labelsSource: "fuzz-labels.idx", name: "fuzz", subset: nil, subsetSeed: 1, limits: Self.idxLimits)) != nil
        }
    }
}
