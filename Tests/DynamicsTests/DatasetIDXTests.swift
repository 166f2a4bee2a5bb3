import Foundation
import TestSupport
import Testing

@testable import Dynamics

@Suite("IDX datasets")
struct DatasetIDXTests {
    static let limits = IDXLimits(maxFileBytes: 1 << 20, maxSamples: 1000, maxFeatures: 100, maxFeatureBytes: 1 << 20)
    /// Four 2 × 3 images with pixels 0, 1, … and labels 2, 0, 1, 2.
    static let images = idxBytes(dimensions: [4, 2, 3], data: (0..<24).map(UInt8.init))
    static let labels = idxBytes(dimensions: [4], data: [2, 0, 1, 2])

    func read(_ images: [UInt8], _ labels: [UInt8], subset: Int? = nil, limits: IDXLimits = Self.limits) throws -> Dataset {
        try Dataset(idxImageBytes: images, imagesSource: "img", labelBytes: labels, labelsSource: "lab", name: "t",
                    subset: subset, subsetSeed: 3, limits: limits)
    }

    /// Expects reading to fail with a message that starts with `source: ` and contains every fragment.
    func expectError(
        _ images: [UInt8], _ labels: [UInt8], subset: Int? = nil, limits: IDXLimits = Self.limits, source: String,
        _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(sourceLocation: sourceLocation) {
            _ = try read(images, labels, subset: subset, limits: limits)
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            let text = error.description
            return text.hasPrefix("\(source): ") && fragments.allSatisfy(text.contains)
        }
    }

    @Test("a valid pair reads as samples of d₁·d₂ pixels in file order; gzip gives the same dataset")
    func valid() throws {
        let dataset = try read(Self.images, Self.labels)
        #expect(dataset.sampleCount == 4 && dataset.featureCount == 6 && dataset.classCount == 3)
        #expect(dataset.features == (0..<24).map(Double.init))
        #expect(dataset.labels == [2, 0, 1, 2])
        #expect(try read(try gzipped(Self.images), try gzipped(Self.labels)) == dataset)
    }

    @Test("a subset keeps n samples in file order, drawn from the seed alone")
    func subset() throws {
        let all = try read(Self.images, Self.labels)
        let kept = try read(Self.images, Self.labels, subset: 2)
        #expect(kept.sampleCount == 2)
        #expect(try read(Self.images, Self.labels, subset: 2) == kept)
        let rows = (0..<4).filter { row in
            (0..<2).contains { all.features[(row * 6)..<(row * 6 + 6)] == kept.features[($0 * 6)..<($0 * 6 + 6)] }
        }
        #expect(rows.count == 2 && kept.labels == rows.map { all.labels[$0] })
        #expect(try read(Self.images, Self.labels, subset: 4) == all)
    }

    @Test("the CSV text of a dataset reads back to the same samples")
    func csvRoundTrip() throws {
        let dataset = try read(Self.images, Self.labels)
        var back = try Dataset(csv: dataset.csvText, name: "t", source: "t.csv")
        back.name = dataset.name
        #expect(back == dataset)
    }

    @Test("a wrong magic number, type or shape is refused with the file and what is allowed")
    func badHeaders() {
        expectError([0x1F, 0x00, 0x08, 0x03, 0, 0], Self.labels, source: "img", ["bad magic number 1f 00 08 03", "IDX"])
        expectError(Array("P5 28 28".utf8), Self.labels, source: "img", ["bad magic number 50 35 20 32"])
        expectError(idxBytes(type: 0x0D, dimensions: [4, 2, 3], data: [UInt8](repeating: 0, count: 96)), Self.labels,
                    source: "img", ["type 0x0d", "unsigned bytes (type 0x08)"])
        expectError(idxBytes(dimensions: [4], data: [1, 2, 3, 4]), Self.labels, source: "img", ["1 dimension", "2 or more"])
        expectError(Self.images, idxBytes(dimensions: [4, 1], data: [0, 1, 2, 3]), source: "lab", ["2 dimensions", "1 dimension"])
        expectError(idxBytes(dimensions: [0, 2, 3], data: []), idxBytes(dimensions: [0], data: []), source: "img", ["no samples"])
    }

    @Test("a truncated file, trailing bytes and mismatched counts are refused")
    func badSizes() throws {
        expectError([0, 0], Self.labels, source: "img", ["truncated", "4-byte"])
        expectError(Array(Self.images.prefix(10)), Self.labels, source: "img", ["truncated", "16-byte header of 3 dimensions"])
        expectError(Array(Self.images.dropLast()), Self.labels, source: "img", ["truncated", "4 × 2 × 3 = 24", "40 in all", "has 39"])
        expectError(Self.images + [9, 9], Self.labels, source: "img", ["2 bytes after the 24 data bytes"])
        expectError(Self.images, idxBytes(dimensions: [3], data: [0, 1, 2]), source: "lab",
                    ["holds 3 labels but img holds 4 images"])
        let zipped = try gzipped(Self.images)
        expectError(Array(zipped.prefix(zipped.count - 12)), Self.labels, source: "img", ["truncated gzip"])
        var corrupt = zipped
        corrupt[3] = 0xE0  // reserved flag bits
        expectError(corrupt, Self.labels, source: "img", ["not a valid gzip file"])
    }

    @Test("limits are checked from the header, before the samples are allocated")
    func limits() {
        let tight = IDXLimits(maxFileBytes: 1 << 20, maxSamples: 3, maxFeatures: 5, maxFeatureBytes: 100)
        // The header alone declares too much: no data follows, yet the message is about the declared size.
        expectError(idxBytes(dimensions: [50_000, 1000, 1000], data: []), Self.labels, source: "img",
                    ["declares 50000 × 1000 × 1000", "at most 1048576 bytes"])
        expectError(Self.images, Self.labels, limits: tight, source: "img", ["declares 4 samples", "at most 3"])
        let wide = IDXLimits(maxFileBytes: 1 << 20, maxSamples: 10, maxFeatures: 5, maxFeatureBytes: 1 << 20)
        expectError(Self.images, Self.labels, limits: wide, source: "img", ["6 pixels per image", "at most 5"])
        let small = IDXLimits(maxFileBytes: 1 << 20, maxSamples: 10, maxFeatures: 10, maxFeatureBytes: 100)
        expectError(Self.images, Self.labels, limits: small, source: "img", ["4 samples × 6 pixels × 8 B = 192", "subset"])
        expectError(Self.images, Self.labels, subset: 5, source: "img", ["holds 4 samples", "subset of 5"])
    }
}
