import Foundation
import Testing

import Diagnostics
@testable import Sweep

@Suite("Sweep files: diagnostics and ghost units")
struct SweepFileDiagnosticsTests {
    static let minimal = SweepFileTests.minimal

    @Test("every [diagnostics] field maps to its DiagnosticsSettings property")
    func readsEveryField() throws {
        let text = Self.minimal + """

            [model]
            ghosts = 2
            [diagnostics]
            benettin = true
            benettin_delta0 = 1e-9
            spectrum = 3
            qr_every = 2
            invariant_measure = true
            per_weight = true
            loss_series = true
            kantz_embedding = 4
            kantz_delay = 2
            kantz_radius = 0.2
            kantz_steps = 12
            kantz_theiler_window = 3
            acf_lags = 40
            surrogates = 49
            """
        let d = try SweepFile.parse(text: text, path: "d.toml")
        #expect(d.diagnostics == DiagnosticsSettings(
            benettin: true, benettinDelta0: 1e-9, spectrumSize: 3, qrEvery: 2, invariantMeasure: true, perWeight: true,
            lossSeries: true, kantzEmbedding: 4, kantzDelay: 2, kantzRadius: 0.2, kantzSteps: 12, kantzTheilerWindow: 3, autocorrelationLags: 40,
            surrogates: 49))
        #expect(d.model.ghosts == 2)
        #expect(d.architecture.layers == [4, 10, 5], "the ghosts widen the output layer")
        #expect(d.computesDiagnostics)
    }

    @Test("without a [diagnostics] table every diagnostic is off and the identity is the one of a sweep made before diagnostics existed")
    func defaultsKeepTheIdentity() throws {
        let d = try SweepFile.parse(text: Self.minimal, path: "min.toml")
        #expect(d.diagnostics == DiagnosticsSettings() && d.model.ghosts == 0 && !d.computesDiagnostics)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(d), as: UTF8.self)
        #expect(!json.contains("diagnostics") && !json.contains("ghosts"), "\(json)")
        let decoded = try JSONDecoder().decode(SweepDefinition.self, from: Data(json.utf8))
        #expect(decoded == d)
    }

    @Test("non-default diagnostics and ghosts are part of the identity and survive a JSON round trip")
    func identity() throws {
        let plain = try SweepFile.parse(text: Self.minimal, path: "min.toml")
        let ghosts = try SweepFile.parse(text: Self.minimal + "\n[model]\nghosts = 1\n", path: "min.toml")
        let spectrum = try SweepFile.parse(text: Self.minimal + "\n[diagnostics]\nspectrum = 2\n", path: "min.toml")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let texts = try [plain, ghosts, spectrum].map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        #expect(Set(texts).count == 3)
        #expect(texts[1].contains("\"ghosts\":1") && texts[2].contains("\"spectrumSize\":2"))
        for (text, definition) in zip(texts, [plain, ghosts, spectrum]) {
            #expect(try JSONDecoder().decode(SweepDefinition.self, from: Data(text.utf8)) == definition)
        }
    }

    /// Each broken file, the line of its problem, and words the message must contain.
    static let broken: [(String, Int, [String])] = [
        (minimal + "\n[diagnostics]\nbenettin_delta0 = 0\n", 7, ["diagnostics.benettin_delta0", "is 0.0", "> 0"]),
        (minimal + "\n[diagnostics]\nbenettin_delta0 = -1e-8\n", 7, ["diagnostics.benettin_delta0", "> 0"]),
        (minimal + "\n[diagnostics]\nspectrum = 84\n", 7, ["diagnostics.spectrum", "is 84", "[0, 83]"]),
        (minimal + "\n[model]\nghosts = 1\n[diagnostics]\nspectrum = 95\n", 9, ["diagnostics.spectrum", "[0, 94]"]),
        (minimal + "\n[diagnostics]\nqr_every = 0\n", 7, ["diagnostics.qr_every", "is 0"]),
        (minimal + "\n[diagnostics]\nbenettin = 1\n", 7, ["diagnostics.benettin", "true or false"]),
        (minimal + "\n[diagnostics]\nsurrogates = 0\n", 7, ["diagnostics.surrogates", "is 0"]),
        (minimal + "\n[diagnostics]\nkantz_radius = \"wide\"\n", 7, ["diagnostics.kantz_radius", "found a string"]),
        (minimal + "\n[diagnostics]\nacf_lags = 201\n", 7, ["diagnostics.acf_lags", "[1, 200]"]),
        (minimal + "\n[diagnostics]\nlyapunov = true\n", 7, ["diagnostics.lyapunov", "unknown key", "benettin_delta0"]),
        (minimal + "\n[diagnostics]\nloss_series = true\nkantz_steps = 199\n", 8, ["diagnostics.kantz_steps", "span", "201 points"]),
        (minimal + "\n[model]\nghosts = -1\n", 7, ["model.ghosts", "is -1"]),
        (minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nbatch_size = 121"), 4, ["training.batch_size", "is 121", "[1, 120]"]),
        (minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nbatch_size = 0"), 4, ["training.batch_size", "is 0"]),
        (minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nbatch_size = 30") + "\n[diagnostics]\nbenettin = true\n", 4,
         ["training.batch_size", "full-batch"]),
    ]

    @Test("each bad diagnostics field is reported with file, line, field and what is allowed", arguments: broken)
    func errors(text: String, line: Int, fragments: [String]) {
        expectOneIssue(text, line: line, fragments: fragments)
    }

    @Test("batch_size is the ensemble's mini-batch size and part of the identity; without it descent is full-batch")
    func batchSize() throws {
        let plain = try SweepFile.parse(text: Self.minimal, path: "min.toml")
        let sgd = try SweepFile.parse(text: Self.minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nbatch_size = 30"),
                                      path: "min.toml")
        #expect(plain.training.batchSize == nil && plain.ensembleSpec.batchSize == nil)
        #expect(sgd.training.batchSize == 30 && sgd.ensembleSpec.batchSize == 30)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(!String(decoding: try encoder.encode(plain), as: UTF8.self).contains("batchSize"))
        #expect(String(decoding: try encoder.encode(sgd), as: UTF8.self).contains("\"batchSize\":30"))
    }

    @Test("a batch larger than the training split of a CSV dataset is refused when the dataset is loaded")
    func batchLargerThanSplit() throws {
        let folder = NSTemporaryDirectory() + "lyapsweep-batch-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let csv = (0..<10).map { "\(Double($0)),\(Double($0 % 3)),\($0 % 2)" }.joined(separator: "\n")
        try csv.write(toFile: folder + "/tiny.csv", atomically: true, encoding: .utf8)
        let text = "seed = 1\n[data]\ndataset = \"tiny.csv\"\n[model]\nlayers = [2, 3, 2]\n[training]\neta = 1.0\nbatch_size = 9\n[ensemble]\nics = 1\n"
        let definition = try SweepFile.parse(text: text, path: folder + "/b.toml")
        #expect {
            _ = try SweepContext(definition: definition, baseDirectory: folder, file: "b.toml")
        } throws: { error in
            let message = (error as? SweepFileError)?.description ?? ""
            return message.contains("training.batch_size") && message.contains("training split has 8 samples")
        }
    }

    @Test("with ghost units the output width must be the class count")
    func ghostsNeedTheClassCount() throws {
        let text = Self.minimal + "\n[model]\nlayers = [4, 10, 4]\nghosts = 1\n"
        let definition = try SweepFile.parse(text: text, path: "g.toml")
        #expect {
            _ = try SweepContext(definition: definition, baseDirectory: ".", file: "g.toml")
        } throws: { error in
            let message = (error as? SweepFileError)?.description ?? ""
            return message.contains("model.ghosts") && message.contains("class count (3")
        }
    }
}
