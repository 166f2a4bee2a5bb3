import Testing

@testable import Dynamics

@Suite("Datasets")
struct DatasetTests {
    @Test("bundled Iris: 150 × 4, 3 classes of 50, raw centimetres")
    func iris() throws {
        let iris = try BundledDataset.iris.load()
        #expect(iris.sampleCount == 150 && iris.featureCount == 4 && iris.classCount == 3)
        #expect((0..<3).allSatisfy { c in iris.labels.filter { $0 == c }.count == 50 })
        #expect(Array(iris.features.prefix(4)) == [5.1, 3.5, 1.4, 0.2])
    }

    @Test("bundled digits: 1797 × 64, 10 classes, values 0…16")
    func digits() throws {
        let digits = try BundledDataset.digits.load()
        #expect(digits.sampleCount == 1797 && digits.featureCount == 64 && digits.classCount == 10)
        #expect(digits.features.allSatisfy { (0...16).contains($0) })
    }

    @Test("user CSV: header, string labels, comments")
    func csv() throws {
        let text = "# a comment\nx,y,kind\n1,2,b\n3,4,a\n\n5,6,b\n"
        let data = try Dataset(csv: text, name: "mine", source: "mine.csv")
        #expect(data.sampleCount == 3 && data.featureCount == 2 && data.classCount == 2)
        #expect(data.labels == [1, 0, 1])
    }

    @Test("user CSV errors name the line", arguments: [
        ("1,2,0\n3,x,1\n", 2, "not a number"),
        ("1,2,0\n3,4,5,1\n", 2, "columns"),
        ("1,2,0\n3,4,-1\n", 2, "negative"),
        ("1,2,0\n3,4,9223372036854775807\n", 2, "too large"),
    ])
    func csvErrors(text: String, line: Int, fragment: String) {
        #expect {
            _ = try Dataset(csv: text, name: "bad", source: "bad.csv")
        } throws: { error in
            let error = error as? DatasetError
            return error?.line == line && error?.description.contains(fragment) == true
                && error?.description.hasPrefix("bad.csv:\(line):") == true
        }
    }

    @Test("user CSV with Windows line ends reads as with Unix ones")
    func windowsLineEnds() throws {
        let unix = try Dataset(csv: "a,b,label\n1,2,0\n3,4,1\n", name: "u", source: "u.csv")
        let windows = try Dataset(csv: "a,b,label\r\n1,2,0\r\n3,4,1\r\n", name: "u", source: "u.csv")
        #expect(windows.features == unix.features && windows.labels == unix.labels && windows.sampleCount == 2)
    }

    @Test("split: sizes, determinism by seed, standardisation with training statistics")
    func split() throws {
        let iris = try BundledDataset.iris.load()
        let a = DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: false)
        let b = DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: false)
        let c = DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 1, standardize: false)
        #expect(a == b && a != c)
        #expect(a.train.sampleCount == 120 && a.test.sampleCount == 30)
        #expect((a.train.labels + a.test.labels).sorted() == iris.labels.sorted())
        let z = DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: true)
        for column in 0..<4 {
            let values = (0..<120).map { z.train.features[$0 * 4 + column] }
            let mean = values.reduce(0, +) / 120
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 120
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
        }
    }
}
