import CZlib
import Foundation
import RandomStreams

extension Dataset {
    /// Reads a dataset from the bytes of an IDX image file and an IDX label file (the format of MNIST and its
    /// relatives), either of them gzip-compressed or not (docs/METHOD.md §1.1).
    ///
    /// The image file holds unsigned bytes (type 0x08) with 2 or more dimensions, N × d₁ × d₂ …: sample n's
    /// features are its d₁·d₂·… bytes as numbers 0–255, in file order. The label file holds N unsigned bytes
    /// with one dimension; the class count is the largest kept label + 1. With `subset = n` only n samples
    /// are kept: the first n of a permutation of 0..<N drawn from the stream (`subsetSeed`) of purpose
    /// ``StreamPurpose/dataSubset``, in ascending file order.
    ///
    /// - Parameters:
    ///   - imageBytes: The image file's contents; `imagesSource` names it in messages.
    ///   - labelBytes: The label file's contents; `labelsSource` names it in messages.
    ///   - name: The dataset's name for reports.
    ///   - subset: Samples to keep, or nil for all.
    ///   - subsetSeed: Seeds the subset's draw.
    ///   - limits: Checked against the sizes and headers before the samples are read.
    /// - Throws: ``DatasetError`` naming the file and what is wrong: too large, not gzip or IDX (magic number),
    ///   an unsupported type or shape, truncated or with trailing bytes, counts that differ between the two
    ///   files, or a subset larger than the file.
    public init(
        idxImageBytes imageBytes: [UInt8], imagesSource: String, labelBytes: [UInt8], labelsSource: String,
        name: String, subset: Int?, subsetSeed: UInt64, limits: IDXLimits
    ) throws {
        let images = try IDXFile(bytes: imageBytes, source: imagesSource, limits: limits)
        let labels = try IDXFile(bytes: labelBytes, source: labelsSource, limits: limits)
        try self.init(images: images, labels: labels, name: name, subset: subset, subsetSeed: subsetSeed, limits: limits)
    }

    private init(
        images: IDXFile, labels: IDXFile, name: String, subset: Int?, subsetSeed: UInt64, limits: IDXLimits
    ) throws {
        guard images.dimensions.count >= 2 else {
            throw DatasetError(source: images.source, line: nil, message: """
                has \(images.dimensions.count) dimension\(images.dimensions.count == 1 ? "" : "s") (\(images.shape)); \
                allowed: an image file of 2 or more dimensions, samples × pixels (e.g. 60000 × 28 × 28)
                """)
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError(source: labels.source, line: nil, message: """
                has \(labels.dimensions.count) dimensions (\(labels.shape)); allowed: a label file of 1 dimension, one \
                byte per sample
                """)
        }
        let count = images.dimensions[0]
        guard labels.dimensions[0] == count else {
            throw DatasetError(source: labels.source, line: nil, message: """
                holds \(labels.dimensions[0]) labels but \(images.source) holds \(count) images; allowed: the same count in both files
                """)
        }
        guard count >= 1 else {
            throw DatasetError(source: images.source, line: nil, message: "holds no samples; allowed: at least 1")
        }
        let featureCount = images.dimensions.dropFirst().reduce(1, *)
        guard featureCount <= limits.maxFeatures else {
            throw DatasetError(source: images.source, line: nil, message: """
                has \(featureCount) pixels per image (\(images.shape)); allowed: at most \(limits.maxFeatures), the widest \
                input layer (docs/sweep-limits.md)
                """)
        }
        let kept = subset ?? count
        guard kept <= count else {
            throw DatasetError(source: images.source, line: nil, message: """
                holds \(count) samples, fewer than the subset of \(kept) asked for; allowed: subset ≤ \(count)
                """)
        }
        guard Double(kept) * Double(featureCount) * 8 <= Double(limits.maxFeatureBytes) else {
            throw DatasetError(source: images.source, line: nil, message: """
                \(kept) samples × \(featureCount) pixels × 8 B = \(kept * featureCount * 8) bytes of features; allowed: at \
                most \(limits.maxFeatureBytes) (docs/sweep-limits.md); take a smaller data.subset
                """)
        }
        var rows = Array(0..<count)
        if kept < count {
            var stream = RandomStream(.dataSubset, [subsetSeed])
            rows = stream.permutation(count: count).prefix(kept).sorted()
        }
        var features = [Double](repeating: 0, count: kept * featureCount)
        var classLabels = [Int](repeating: 0, count: kept)
        for (position, row) in rows.enumerated() {
            let start = images.dataOffset + row * featureCount
            for j in 0..<featureCount { features[position * featureCount + j] = Double(images.bytes[start + j]) }
            classLabels[position] = Int(labels.bytes[labels.dataOffset + row])
        }
        self.init(name: name, featureCount: featureCount, classCount: (classLabels.max() ?? 0) + 1,
                  features: features, labels: classLabels)
    }
}

/// One IDX file in memory: its (inflated) bytes, its dimensions and where its data start.
///
/// An IDX file is a 4-byte magic number — two zero bytes, the data type (0x08: unsigned byte) and the number
/// of dimensions k — then k big-endian 32-bit sizes, then the data, d₀·d₁·…·d_{k−1} elements in row-major
/// order, and nothing after them.
private struct IDXFile {
    let source: String
    let bytes: [UInt8]
    let dimensions: [Int]
    let dataOffset: Int

    /// The dimensions as "60000 × 28 × 28".
    var shape: String { dimensions.map(String.init).joined(separator: " × ") }

    /// Parses the bytes of an IDX file, inflating them first if they are gzip.
    init(bytes raw: [UInt8], source: String, limits: IDXLimits) throws {
        self.source = source
        guard raw.count <= limits.maxFileBytes else {
            throw DatasetError(source: source, line: nil, message: """
                is \(raw.count) bytes; allowed: an IDX file of at most \(limits.maxFileBytes) bytes (docs/sweep-limits.md)
                """)
        }
        let bytes = raw.starts(with: [0x1F, 0x8B]) ? try Self.gunzip(raw, source: source, limit: limits.maxFileBytes) : raw
        guard bytes.count >= 4 else {
            throw DatasetError(source: source, line: nil, message: """
                is truncated: \(bytes.count) bytes, shorter than the 4-byte IDX magic number
                """)
        }
        guard bytes[0] == 0, bytes[1] == 0, bytes[3] >= 1 else {
            let magic = bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw DatasetError(source: source, line: nil, message: """
                bad magic number \(magic); allowed: an IDX file (00 00, the type, the number of dimensions ≥ 1), \
                gzip-compressed or not
                """)
        }
        guard bytes[2] == 0x08 else {
            throw DatasetError(source: source, line: nil, message: String(format: """
                holds data of type 0x%02x; allowed: unsigned bytes (type 0x08), as MNIST's files
                """, bytes[2]))
        }
        let rank = Int(bytes[3])
        let headerBytes = 4 + 4 * rank
        guard bytes.count >= headerBytes else {
            throw DatasetError(source: source, line: nil, message: """
                is truncated: \(bytes.count) bytes, shorter than the \(headerBytes)-byte header of \(rank) dimensions
                """)
        }
        let dimensions = (0..<rank).map { k in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * k + $1]) }
        }
        // Each size is below 2³², so the product cannot overflow Int until the limit check stops it.
        var elements = 1
        for size in dimensions {
            elements *= size
            guard elements <= limits.maxFileBytes else {
                throw DatasetError(source: source, line: nil, message: """
                    declares \(dimensions.map(String.init).joined(separator: " × ")) elements, more than \
                    \(limits.maxFileBytes) bytes; allowed: an IDX file of at most \(limits.maxFileBytes) bytes \
                    (docs/sweep-limits.md)
                    """)
            }
        }
        guard dimensions[0] <= limits.maxSamples else {
            throw DatasetError(source: source, line: nil, message: """
                declares \(dimensions[0]) samples; allowed: at most \(limits.maxSamples) (docs/sweep-limits.md)
                """)
        }
        let expected = headerBytes + elements
        guard bytes.count >= expected else {
            throw DatasetError(source: source, line: nil, message: """
                is truncated: its header declares \(dimensions.map(String.init).joined(separator: " × ")) = \(elements) \
                bytes of data after \(headerBytes) header bytes (\(expected) in all), but it has \(bytes.count)
                """)
        }
        guard bytes.count == expected else {
            throw DatasetError(source: source, line: nil, message: """
                has \(bytes.count - expected) bytes after the \(elements) data bytes its header declares \
                (\(dimensions.map(String.init).joined(separator: " × "))); allowed: nothing after the data
                """)
        }
        self.bytes = bytes
        self.dimensions = dimensions
        dataOffset = headerBytes
    }

    /// Inflates a gzip stream (one member) of at most `limit` inflated bytes.
    private static func gunzip(_ compressed: [UInt8], source: String, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper with the largest window.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(source: source, line: nil, message: "cannot start zlib to inflate the gzip file")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = compressed
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            } while status == Z_OK && output.count <= limit
        }
        guard output.count <= limit else {
            throw DatasetError(source: source, line: nil, message: """
                inflates to more than \(limit) bytes; allowed: an IDX file of at most \(limit) bytes (docs/sweep-limits.md)
                """)
        }
        switch status {
        case Z_STREAM_END:
            return output
        case Z_BUF_ERROR:
            throw DatasetError(source: source, line: nil, message: "is a truncated gzip file: the compressed stream ends early")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw DatasetError(source: source, line: nil, message: "is not a valid gzip file: \(reason)")
        }
    }
}
