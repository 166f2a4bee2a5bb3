import Foundation
import Testing

@testable import Runtime

@Suite("NumPy array files")
struct NumpyArrayFileTests {
    @Test("the header is format 1.0, little-endian Float64 in C order, and the data starts at a multiple of 64 bytes")
    func header() {
        for (rows, columns) in [(0, 1), (3, 201), (123_456, 1501)] {
            let header = NumpyArrayFile.header(rows: rows, columns: columns)
            #expect(Array(header.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
            let length = Int(header[8]) | Int(header[9]) << 8
            #expect(header.count == 10 + length && header.count % 64 == 0)
            let text = String(decoding: header.dropFirst(10), as: UTF8.self)
            #expect(text.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }") && text.hasSuffix("\n"))
        }
    }

    @Test("rows are written as the values' bits, little-endian, padded with NaN; a short file is an error")
    func rows() throws {
        let path = NSTemporaryDirectory() + "lyapsweep-npy-\(UUID().uuidString.prefix(8)).npy"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let values = [1.0, -0.0, .leastNonzeroMagnitude, .infinity]
        var file = try NumpyArrayFile(path: path, rows: 2, columns: 4)
        try file.append(values)
        try file.append([0.5])
        try file.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let body = data.dropFirst(NumpyArrayFile.header(rows: 2, columns: 4).count)
        let read = stride(from: body.startIndex, to: body.endIndex, by: 8).map { offset in
            Double(bitPattern: body[offset..<offset + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        }
        #expect(read.count == 8)
        #expect(Array(read.prefix(5)).map(\.bitPattern) == (values + [0.5]).map(\.bitPattern))
        #expect(read.suffix(3).allSatisfy { $0.isNaN })

        var short = try NumpyArrayFile(path: path, rows: 2, columns: 4)
        try short.append([1])
        #expect(throws: CurveExportError.self) { try short.close() }
    }
}
