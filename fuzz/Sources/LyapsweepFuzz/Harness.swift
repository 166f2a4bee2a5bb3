import Foundation

/// The parser this process fuzzes, read once from the environment.
private let target = FuzzTarget.fromEnvironment()

/// The classes of known findings this process steps over (`LYAPSWEEP_FUZZ_SKIP`).
private let skipped = KnownFinding.fromEnvironment()

/// libFuzzer's entry point: runs the selected parser on one input.
///
/// Returns 0, or −1 for an input of a skipped known finding, which libFuzzer then keeps out of its corpus.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if skipped.contains(where: { $0.matches(bytes, target: target) }) { return -1 }
    target.run(bytes)
    return 0
}

#if !LIBFUZZER
/// Without libFuzzer (an ordinary `swift build`): replays the files and folders given as arguments through
/// the target, e.g. the committed corpus or a finding, and prints how many inputs ran and how many the
/// parser accepted (every seed of the corpus should be).
@main
enum Replay {
    static func main() throws {
        var count = 0
        var accepted: [String] = []
        for argument in CommandLine.arguments.dropFirst() {
            for path in try inputFiles(at: argument) {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                if skipped.contains(where: { $0.matches(bytes, target: target) }) { continue }
                if target.run(bytes) { accepted.append(path) }
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs ran without a crash; accepted \(accepted.count): \(accepted.joined(separator: " "))")
    }

    /// The file at `path`, or the files directly inside the folder at `path`, sorted.
    private static func inputFiles(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { "\(path)/\($0)" }
    }
}
#endif
