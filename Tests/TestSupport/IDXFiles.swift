import Foundation
import RandomStreams

/// The bytes of an IDX file: 0, 0, the type, the number of dimensions, the big-endian 32-bit sizes, the data.
public func idxBytes(type: UInt8 = 0x08, dimensions: [Int], data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
    for size in dimensions {
        bytes += [24, 16, 8, 0].map { UInt8((size >> $0) & 0xFF) }
    }
    return bytes + data
}

/// `bytes` compressed by the system's `gzip -c`.
public func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("lyapsweep-gzip-\(UUID().uuidString)")
    try Data(bytes).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c", "-n", input.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](output)
}

/// Writes an MNIST-like pair of IDX files into `directory`: `count` images of rows × columns random pixels and
/// `count` labels cycling through 0 … classes − 1, both from the stream (``StreamPurpose/dataSplit``, [seed, 77]).
///
/// - Parameters:
///   - gzip: Compress the image file (the label file is written plain), as a user's downloaded files may be.
public func writeIDXPair(
    directory: String, images: String, labels: String, count: Int, rows: Int, columns: Int, classes: Int,
    seed: UInt64, gzip: Bool = false
) throws {
    var stream = RandomStream(.dataSplit, [seed, 77])
    let pixels = (0..<(count * rows * columns)).map { _ in UInt8(stream.nextIndex(below: 256)) }
    let imageFile = idxBytes(dimensions: [count, rows, columns], data: pixels)
    let labelFile = idxBytes(dimensions: [count], data: (0..<count).map { UInt8($0 % classes) })
    try Data(gzip ? try gzipped(imageFile) : imageFile).write(to: URL(fileURLWithPath: directory + "/" + images))
    try Data(labelFile).write(to: URL(fileURLWithPath: directory + "/" + labels))
}
