import Foundation

/// Writes a two-dimensional Float64 array as a NumPy `.npy` file (format version 1.0), row by row.
///
/// The file is the magic string `\x93NUMPY`, the version bytes 1 and 0, the header length (UInt16 little-endian),
/// the header — the Python literal `{'descr': '<f8', 'fortran_order': False, 'shape': (rows, columns), }` padded
/// with spaces and ended by a newline so the data starts at a multiple of 64 bytes — then the values in C order as
/// little-endian IEEE 754 doubles. `numpy.load` reads it; the bits are the values given, NaN payloads included.
public struct NumpyArrayFile {
    private let handle: FileHandle
    private let columns: Int
    private let rows: Int
    private var rowsWritten = 0

    /// Creates (or truncates) the file at `path` and writes the header of a `rows` × `columns` array.
    ///
    /// - Throws: a file-system error if the file cannot be created or written.
    public init(path: String, rows: Int, columns: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.rows = rows
        self.columns = columns
        try handle.write(contentsOf: Self.header(rows: rows, columns: columns))
    }

    /// The magic string, version, header length and header of a `rows` × `columns` little-endian Float64 array.
    static func header(rows: Int, columns: Int) -> Data {
        var dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        let prefix = 10  // magic (6) + version (2) + header length (2)
        let padded = (prefix + dictionary.utf8.count + 1 + 63) / 64 * 64
        dictionary += String(repeating: " ", count: padded - prefix - dictionary.utf8.count - 1) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dictionary.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dictionary.utf8))
        return data
    }

    /// Appends one row: `values` followed by `padding` up to the column count.
    ///
    /// - Precondition: at most `columns` values, and fewer rows written so far than declared.
    public mutating func append(_ values: [Double], padding: Double = .nan) throws {
        precondition(values.count <= columns && rowsWritten < rows, "row \(rowsWritten) does not fit the declared shape")
        var data = Data(capacity: columns * 8)
        for value in values + Array(repeating: padding, count: columns - values.count) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try handle.write(contentsOf: data)
        rowsWritten += 1
    }

    /// Closes the file.
    ///
    /// - Throws: ``CurveExportError`` if fewer rows were written than the header declares (the file would not load).
    public func close() throws {
        try handle.close()
        guard rowsWritten == rows else {
            throw CurveExportError(description: "wrote \(rowsWritten) rows of an array declared with \(rows)")
        }
    }
}
