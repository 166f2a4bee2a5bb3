import Dynamics
import Foundation
import TestSupport
import Testing

@testable import Sweep

@Suite("IDX datasets in sweep files")
struct SweepFileIDXTests {
    static func text(dataset: String, data: String = "") -> String {
        """
        seed = 1
        [data]
        dataset = \(dataset)
        \(data)
        [model]
        layers = [12, 4, 3]
        [training]
        eta = 0.5
        steps = 20
        [ensemble]
        ics = 2
        members = 2
        epsilon = [1e-8]
        [fit]
        grid_start_max = 5
        grid_length_min = 5
        grid_length_max = 15
        """
    }

    /// A fresh folder holding a pair of 3 × 4 IDX files of 40 samples, 3 classes (images gzip-compressed).
    func folder() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lyapsweep-idx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try writeIDXPair(directory: directory, images: "img.gz", labels: "lab", count: 40, rows: 3, columns: 4, classes: 3,
                         seed: 1, gzip: true)
        return directory
    }

    @Test("dataset = { idx = [images, labels] } with a subset is read, split and sent to workers as the same samples")
    func loads() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.toml"
        let text = Self.text(dataset: "{ idx = [\"img.gz\", \"lab\"] }", data: "subset = 30\ntrain = 20\ntest = 10\nstandardize = true")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let sweep = try SweepFile.load(path: path)
        #expect(sweep.definition.data.idx == ["img.gz", "lab"] && sweep.definition.data.subset == 30)
        let context = try SweepContext(sweep)
        #expect(context.split.train.sampleCount == 20 && context.split.test.sampleCount == 10)
        #expect(context.split.train.featureCount == 12)
        // A worker builds its context from the CSV text the coordinator sends: the same split, bit for bit.
        let csv = try #require(sweep.datasetCSV)
        let worker = try SweepContext(definition: sweep.definition, datasetCSV: csv, file: "s.toml")
        #expect(worker.split.train.features == context.split.train.features)
        #expect(worker.split.train.labels == context.split.train.labels)
        #expect(worker.run(context.tasks[0]) == context.run(context.tasks[0]))
    }

    @Test("a malformed IDX file is refused naming the file and the problem")
    func malformed() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(idxBytes(dimensions: [39], data: [UInt8](repeating: 0, count: 39))).write(to: URL(fileURLWithPath: directory + "/short"))
        let path = directory + "/s.toml"
        try Self.text(dataset: "{ idx = [\"img.gz\", \"short\"] }").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SweepContext(try SweepFile.load(path: path))
        } throws: { error in
            let text = "\(error)"
            return text.contains("data.dataset") && text.contains("short: holds 39 labels but") && text.contains("holds 40 images")
        }
    }

    @Test("an IDX subset too large to send to workers as text is refused, naming the largest subset allowed")
    func tooLargeToSend() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 839 images of 10,000 pixels: 839 × 10,001 values, just above the 8,388,608 that WELCOME may carry.
        let width = SweepLimits.maxLayerWidth, count = SweepLimits.maxDatasetValuesSent / (width + 1) + 1
        try Data(idxBytes(dimensions: [count, width], data: [UInt8](repeating: 7, count: count * width)))
            .write(to: URL(fileURLWithPath: directory + "/wide"))
        try Data(idxBytes(dimensions: [count], data: [UInt8](repeating: 1, count: count)))
            .write(to: URL(fileURLWithPath: directory + "/wide-labels"))
        let path = directory + "/s.toml"
        try Self.text(dataset: "{ idx = [\"wide\", \"wide-labels\"] }").replacingOccurrences(of: "[12, 4, 3]", with: "[\(width), 2, 3]")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SweepContext(try SweepFile.load(path: path))
        } throws: { error in
            let text = "\(error)"
            return text.contains("data.subset") && text.contains("keeps \(count) samples") && text.contains("a subset of at most \(count - 1) samples")
        }
    }

    @Test("a wrong dataset table or a subset without IDX files is refused on its line")
    func errors() {
        expectOneIssue(Self.text(dataset: "{ idx = [\"a\"] }"), line: 3, fragments: ["data.dataset", "idx has 1 entries"])
        expectOneIssue(Self.text(dataset: "{ csv = \"a\" }"), line: 3, fragments: ["data.dataset", "keys [csv]", "{ idx = ["])
        expectOneIssue(Self.text(dataset: "\"iris\"", data: "subset = 10"), line: 4, fragments: ["data.subset", "IDX datasets only"])
    }
}
