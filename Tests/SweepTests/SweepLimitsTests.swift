import Foundation
import Testing

@testable import Sweep

/// Every count, size and product of sizes is bounded before anything is allocated (docs/sweep-limits.md),
/// and every problem is reported as FILE:LINE: FIELD: MESSAGE.
@Suite("Sweep files: limits, finite numbers, names, windows and lines")
struct SweepLimitsTests {
    /// `seed = 1`, `[training]` on line 2 with `eta = 1.0` on line 3, `[ensemble]` on line 4 with `ics = 10` on line 5.
    static let minimal = SweepFileTests.minimal

    /// The issue descriptions of parsing `text` as "bad.toml" (empty if it is valid).
    static func messages(_ text: String, path: String = "bad.toml") -> [String] {
        do {
            _ = try SweepFile.parse(text: text, path: path)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test("an η or ε range is refused by its count before it is expanded")
    func rangeCounts() {
        #expect(Self.messages(Self.minimal + "\nepsilon = { from = 1e-14, to = 1e-2, count = 1000000000000 }\n") == [
            "bad.toml:6: ensemble.epsilon: the range has count = 1000000000000; allowed: at most 1000 values "
                + "(docs/sweep-limits.md); split the sweep into several files",
        ])
        let etas = "seed = 1\n[training]\neta = { from = 0.01, to = 10, count = 100000000 }\n[ensemble]\nics = 10\n"
        #expect(Self.messages(etas) == [
            "bad.toml:3: training.eta: the range has count = 100000000; allowed: at most 1000 values "
                + "(docs/sweep-limits.md); split the sweep into several files",
        ])
        let list = (0..<1001).map { "1e-\($0 % 12 + 2)" }.joined(separator: ", ")
        expectOneIssue(Self.minimal + "\nepsilon = [\(list)]\n", line: 6,
                       fragments: ["ensemble.epsilon: has 1001 values; allowed: at most 1000 values"])
        expectOneIssue(Self.minimal + "\nepsilon = { from = 1e-14, to = inf, count = 3 }\n", line: 6,
                       fragments: ["ensemble.epsilon: a range must have exactly from > 0, to > 0 (finite numbers)"])
    }

    @Test("no number in a sweep file may be infinite or NaN", arguments: [
        ("seed = 1\n[training]\neta = inf\n[ensemble]\nics = 10\n", "bad.toml:3: training.eta: contains inf; allowed: finite learning rates > 0"),
        ("seed = 1\n[training]\neta = [1.0, nan]\n[ensemble]\nics = 10\n", "bad.toml:3: training.eta: contains nan; allowed: finite learning rates > 0"),
        (minimal + "\n[model]\ninit_std = inf\n", "bad.toml:7: model.init_std: is inf; allowed: a finite number > 0"),
        (minimal + "\n[fit]\nmin_lambda = -inf\n", "bad.toml:7: fit.min_lambda: is -inf; allowed: a finite number"),
        (minimal + "\n[fit]\nmin_r2 = nan\n", "bad.toml:7: fit.min_r2: is nan; allowed: a number in [0, 1]"),
        (minimal + "\n[diagnostics]\nbenettin = true\nbenettin_delta0 = inf\n", "bad.toml:8: diagnostics.benettin_delta0: is inf; allowed: a finite number > 0"),
    ])
    func nonFinite(text: String, message: String) {
        #expect(Self.messages(text) == [message])
    }

    @Test("a name is a folder under results/: [A-Za-z0-9._-], not starting with '.', at most 100 characters", arguments: [
        "../../escape", "", ".hidden", "a/b", String(repeating: "x", count: 101), "naïve", "tab\there",
    ])
    func badNames(name: String) {
        let written = name.replacingOccurrences(of: "\t", with: "\\t")
        #expect(Self.messages("name = \"\(written)\"\n" + Self.minimal) == [
            "bad.toml:1: name: is \"\(written)\"; allowed: 1 to 100 characters from A–Z, a–z, 0–9, \".\", \"_\" and \"-\", "
                + "not starting with \".\" (the name is a folder under results/)",
        ])
    }

    @Test("a NUL written as an escape is refused, not silently cut off", arguments: [
        ("name = \"a\\u0000b\"\n" + minimal, "bad.toml:1: name: holds a NUL character"),
        (minimal + "\n[data]\ndataset = \"iris\\U00000000.csv\"\n", "bad.toml:7: data.dataset: holds a NUL character"),
    ])
    func nul(text: String, prefix: String) {
        let messages = Self.messages(text)
        #expect(messages.count == 1 && messages[0].hasPrefix(prefix), "\(messages)")
        #expect(Self.messages("name = \"a\\\\u0000b\"\n" + Self.minimal) == [
            "bad.toml:1: name: is \"a\\u0000b\"; allowed: 1 to 100 characters from A–Z, a–z, 0–9, \".\", \"_\" and \"-\", "
                + "not starting with \".\" (the name is a folder under results/)",
        ], "an escaped backslash before u0000 is text, not a NUL")
    }

    @Test("good names pass, and the file name is the default name only if it is a good name")
    func names() throws {
        #expect(try SweepFile.parse(text: "name = \"iris_eta-1.5\"\n" + Self.minimal, path: "x.toml").name == "iris_eta-1.5")
        #expect(try SweepFile.parse(text: Self.minimal, path: "dir/my.sweep.toml").name == "my.sweep")
        #expect(Self.messages(Self.minimal, path: "my sweep.toml") == [
            "my sweep.toml: name: is missing and the default, the file name \"my sweep\", is not a valid name; give "
                + "name = \"…\"; allowed: 1 to 100 characters from A–Z, a–z, 0–9, \".\", \"_\" and \"-\", not starting with "
                + "\".\" (the name is a folder under results/)",
        ])
        #expect(Self.messages("name = 5\n" + Self.minimal, path: "my sweep.toml") == ["my sweep.toml:1: name: must be a string, found an integer (5)"])
    }

    @Test("layer widths, the layer count and the parameter count are bounded")
    func networkSize() {
        expectOneIssue(Self.minimal + "\n[model]\nlayers = [4, 100000, 100000, 3]\n", line: 7,
                       fragments: ["model.layers: is [ 4, 100000, 100000, 3 ]; allowed: an array of 2 to 64 integers in [1, 10000]"])
        expectOneIssue(Self.minimal + "\n[model]\nlayers = [\(Array(repeating: "4", count: 65).joined(separator: ", "))]\n", line: 7,
                       fragments: ["model.layers: has 65 entries; allowed: an array of 2 to 64 integers in [1, 10000]"])
        #expect(Self.messages(Self.minimal + "\n[model]\nlayers = [4, 5000, 5000, 3]\n") == [
            "bad.toml:7: model.layers: the network has P = 25045003 parameters (weights and biases, ghost units included); "
                + "allowed: at most 10000000 (docs/sweep-limits.md)",
        ])
    }

    @Test("the footprint of the default Iris task, term by term (docs/sweep-limits.md)")
    func defaultFootprint() throws {
        // 1 + 5 × 13 = 66 trajectories (80 lanes), P = 83, T + 1 = 201 points, 120 training samples of 4 features.
        let footprint = TaskFootprint(definition: try SweepFile.parse(text: Self.minimal, path: "d.toml"), trainSamples: 120)
        let result = 13 * 201 * 8 + 201 * 8
        #expect(footprint.resultBytes == Double(result))
        let memory = 80 * 83 * 8 + 2 * 201 * 80 * 8 + 2 * 65 * 201 * 8 + (24 * 83 + 400 * 17) * 8 + 3 * 120 * 4 * 8 + 2 * result
        #expect(footprint.memoryBytes == Double(memory))
        #expect(footprint.problems().isEmpty)
    }

    @Test("a task whose memory or RESULT estimate is over the limit is refused, naming the largest parts")
    func taskFootprint() {
        // 100 000 members × 13 ε × 10⁷ steps: terabytes of distances, a gigabyte of mean curves per RESULT.
        let huge = Self.messages("seed = 1\n[training]\neta = 1.0\nsteps = 10000000\n[ensemble]\nics = 10\nmembers = 100000\n")
        #expect(huge.count == 2)
        #expect(huge.contains { $0.hasPrefix("bad.toml:4: training.steps: the estimated memory per task is ") && $0.contains("above the limit of 2.0 GiB") })
        #expect(huge.contains { $0.hasPrefix("bad.toml:5: ensemble.epsilon: the estimated RESULT message per task is 1.0 GiB, above the limit of 48.0 MiB") }, "\(huge)")
        // 100 000 members alone at T = 200: the per-step distances of 1.3 million trajectories.
        let members = Self.messages(Self.minimal + "\nmembers = 100000\n")
        #expect(members.count == 1 && members[0].hasPrefix("bad.toml:6: ensemble.members: the estimated memory per task is "), "\(members)")
        #expect(members.first?.contains("docs/sweep-limits.md") == true)
        // Member curves kept: M × |ε| × (T + 1) numbers in every RESULT.
        let kept = Self.messages(Self.minimal + "\nmembers = 5000\nkeep_member_curves = true\n")
        #expect(kept.contains { $0.hasPrefix("bad.toml:7: ensemble.keep_member_curves: the estimated RESULT message per task is ") }, "\(kept)")
        // The autocorrelation band holds (acf_lags + 1) × surrogates numbers.
        let band = Self.messages(Self.minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nsteps = 20000")
            + "\n[fit]\nbootstrap = 10\n[diagnostics]\nloss_series = true\nacf_lags = 10000\nsurrogates = 100000\n")
        #expect(band.count == 1 && band[0].hasPrefix("bad.toml:12: diagnostics.surrogates: the estimated memory per task is "), "\(band)")
    }

    @Test("tasks, fitted curves, bootstrap draws, samples and diagnostics horizons are bounded")
    func counts() {
        expectOneIssue("seed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 100000000\n", line: 5,
                       fragments: ["ensemble.ics: is 100000000; allowed: an integer in [1, 1000000]"])
        #expect(Self.messages("seed = 1\n[training]\neta = { from = 0.01, to = 1, count = 100 }\n[ensemble]\nics = 1000000\n[fit]\nbootstrap = 0\n") == [
            "bad.toml:5: ensemble.ics: the sweep has |η| × ics = 100 × 1000000 = 100000000 tasks; allowed: at most "
                + "10000000 tasks per sweep (docs/sweep-limits.md); split the sweep into several files",
        ])
        expectOneIssue(Self.minimal.replacingOccurrences(of: "ics = 10", with: "ics = 1000000") + "\n[fit]\nbootstrap = 10000\n", line: 7,
                       fragments: ["fit.bootstrap: bootstrap × ics = 10000 × 1000000 = 10000000000 draws per (η, ε); allowed: at most 1000000000"])
        expectOneIssue(Self.minimal + "\n[data]\ntrain = 9223372036854775807\n", line: 7,
                       fragments: ["data.train: is 9223372036854775807; allowed: an integer in [1, 10000000]"])
        expectOneIssue(Self.minimal + "\n[model]\nlayers = [4, 2000, 3]\n[diagnostics]\nspectrum = 1001\n", line: 9,
                       fragments: ["diagnostics.spectrum: is 1001; allowed: an integer in [0, 1000]"])
        expectOneIssue(Self.minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nsteps = 200000")
                       + "\n[diagnostics]\nloss_series = true\n", line: 8,
                       fragments: ["diagnostics.loss_series: the loss series would have t₀ + T + 1 = 200001 points; allowed: t₀ + T ≤ 100000"])
        expectOneIssue(Self.minimal.replacingOccurrences(of: "eta = 1.0", with: "eta = 1.0\nsteps = 20000")
                       + "\n[diagnostics]\nloss_series = true\nacf_lags = 10001\n", line: 9,
                       fragments: ["diagnostics.acf_lags: is 10001; allowed: an integer in [1, 10000]"])
    }

    @Test("a fit window rule with no window inside the T + 1 points of a curve is refused", arguments: [
        ("\n[fit]\ngrid_length_min = 300\n", 7,
         "bad.toml:7: fit.grid_length_min: the first window, t = 0 … 299 (grid_start_min = 0, grid_length_min = 300), does not "
            + "fit: a curve has T + 1 = 201 points, t = 0 … 200; allowed: grid_start_min + grid_length_min ≤ T + 1 = 201"),
        ("\n[fit]\ngrid_start_min = 250\n", 7,
         "bad.toml:7: fit.grid_start_min: the first window, t = 250 … 279 (grid_start_min = 250, grid_length_min = 30), does not "
            + "fit: a curve has T + 1 = 201 points, t = 0 … 200; allowed: grid_start_min + grid_length_min ≤ T + 1 = 201"),
        ("\n[fit]\nwindow = \"anchored\"\nanchored_end_min = 300\n", 8,
         "bad.toml:8: fit.anchored_end_min: is 300: the shortest window t = 0 … 300 does not fit: a curve has T + 1 = 201 "
            + "points, t = 0 … 200; allowed: anchored_end_min ≤ T = 200"),
        ("\n[fit]\ngrid_start_max = 199\n", 7,
         "bad.toml:7: fit.grid_start_max: is 199, past the end of the curve: a curve has T + 1 = 201 points, t = 0 … 200; "
            + "allowed: at most the last start that leaves the 3 points a fit needs, T − 2 = 198"),
        ("\n[fit]\ngrid_length_max = 202\n", 7,
         "bad.toml:7: fit.grid_length_max: is 202, past the end of the curve: a curve has T + 1 = 201 points, t = 0 … 200; "
            + "allowed: at most the points of a curve, T + 1 = 201"),
        ("\n[fit]\nwindow = \"anchored\"\nanchored_end_max = 201\n", 8,
         "bad.toml:8: fit.anchored_end_max: is 201, past the end of the curve: a curve has T + 1 = 201 points, t = 0 … 200; "
            + "allowed: at most the last point of a curve, T = 200"),
        ("\n[fit]\nwindow = \"fixed\"\nfixed_start = 199\nfixed_end = 200\n", 8,
         "bad.toml:8: fit.fixed_start: is 199; allowed: an integer in [0, 198]"),
        ("\n[fit]\nwindow = \"fixed\"\nfixed_start = 10\nfixed_end = 300\n", 9,
         "bad.toml:9: fit.fixed_end: is 300; allowed: an integer in [12, 200]"),
    ])
    func windows(fit: String, line: Int, message: String) {
        #expect(Self.messages(Self.minimal + fit) == [message])
    }

    @Test("the default grid needs T ≥ 29, and says so")
    func defaultWindowOnShortCurves() throws {
        let short = "seed = 1\n[training]\neta = 1.0\nsteps = 20\n[ensemble]\nics = 10\n"
        #expect(Self.messages(short) == [
            "bad.toml: fit.grid_length_min: the first window, t = 0 … 29 (grid_start_min = 0, grid_length_min = 30, the "
                + "default), does not fit: a curve has T + 1 = 21 points, t = 0 … 20; allowed: grid_start_min + grid_length_min ≤ T + 1 = 21",
        ])
        _ = try SweepFile.parse(text: short + "[fit]\ngrid_length_min = 21\n", path: "ok.toml")
        _ = try SweepFile.parse(text: Self.minimal + "\n[fit]\ngrid_start_max = 198\ngrid_length_max = 201\n", path: "ok.toml")
    }

    @Test("every problem is reported at once, in line order")
    func allAtOnce() {
        let text = "name = \"../x\"\nseed = 1\n[training]\neta = inf\n[ensemble]\nics = 10\nepsilon = { from = 1e-14, to = 1e-2, count = 1000000000000 }\n"
        let lines = Self.messages(text).map { $0.split(separator: ":").prefix(3).joined(separator: ":") }
        #expect(lines == ["bad.toml:1: name", "bad.toml:4: training.eta", "bad.toml:7: ensemble.epsilon"])
    }

    @Test("--ics is checked like the file's own value", arguments: [
        (2_000_000, minimal, "bad.toml: --ics: is 2000000; allowed: an integer in [1, 1000000] (docs/sweep-limits.md)"),
        (1_000_000, "seed = 1\n[training]\neta = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]\n[ensemble]\nics = 10\n[fit]\nbootstrap = 0\n",
         "bad.toml: --ics: the sweep has |η| × ics = 11 × 1000000 = 11000000 tasks; allowed: at most 10000000 tasks per sweep "
            + "(docs/sweep-limits.md); split the sweep into several files"),
    ])
    func icsOverride(ics: Int, text: String, message: String) throws {
        let sweep = LoadedSweep(path: "bad.toml", text: text, definition: try SweepFile.parse(text: text, path: "bad.toml"))
        #expect(throws: SweepFileError.self) { _ = try sweep.overriding(ics: ics) }
        do {
            _ = try sweep.overriding(ics: ics)
        } catch {
            #expect(error.issues.map(\.description) == [message])
        }
        #expect(try sweep.overriding(ics: 3).definition.ensemble.ics == 3)
    }

    @Test("a file larger than 1 MiB is not read")
    func hugeFile() throws {
        let path = NSTemporaryDirectory() + "lyapsweep-huge-\(UUID().uuidString.prefix(8)).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (Self.minimal + "\n" + String(repeating: "#", count: SweepLimits.maxFileBytes)).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try SweepFile.load(path: path)
            Issue.record("a file over the limit was loaded")
        } catch {
            #expect(error.issues.map(\.description) == [
                "\(path): the file is \(SweepLimits.maxFileBytes + SweepFileTests.minimal.utf8.count + 1) bytes; allowed: "
                    + "a sweep file of at most 1048576 bytes (docs/sweep-limits.md)",
            ])
        }
    }

    @Test("every error about a key or table written in the file carries its line", arguments: [
        (minimal + "\n[trainng]\neta = 2\n", 6, "bad.toml:6: trainng: unknown key; allowed at the top level: "),
        ("seed = 1\ntraining = { eta = \"x\" }\n[ensemble]\nics = 10\n", 2, "bad.toml:2: training.eta: must be"),
        ("seed = 1\ntraining.eta = -1\n[ensemble]\nics = 10\n", 2, "bad.toml:2: training.eta: contains -1.0"),
        ("seed = 1\n[training.eta]\nfrom = 1\n[ensemble]\nics = 10\n", 2, "bad.toml:2: training.eta: a range must have"),
    ])
    func lines(text: String, line: Int, prefix: String) {
        let messages = Self.messages(text)
        #expect(messages.count == 1 && messages[0].hasPrefix(prefix), "\(messages)")
    }

    @Test("problems found once the dataset is loaded carry the line of their field", arguments: [
        ("\n[model]\nlayers = [5, 10, 3]\n", "bad.toml:8: model.layers: the input width is 5 but iris has 4 features"),
        ("\n[model]\nlayers = [4, 10, 2]\n", "bad.toml:8: model.layers: the output width is 2 but iris has 3 classes"),
        ("\n[model]\nlayers = [4, 10, 4]\nghosts = 1\n", "bad.toml:9: model.ghosts: with ghost units the output width"),
        ("\n[data]\ntrain = 140\n", "bad.toml:8: data.train: train (140) + test (30) exceeds the 150 samples of iris"),
    ])
    func contextLines(extra: String, prefix: String) throws {
        let text = "# a comment\n" + Self.minimal + extra
        do {
            let sweep = LoadedSweep(path: "bad.toml", text: text, definition: try SweepFile.parse(text: text, path: "bad.toml"))
            _ = try SweepContext(sweep)
            Issue.record("no error")
        } catch let error as SweepFileError {
            #expect(error.issues.count == 1 && error.description.hasPrefix(prefix), "\(error)")
        }
    }

    @Test("a CSV dataset is located on its line when it cannot be read")
    func datasetLine() throws {
        let text = Self.minimal + "\n[data]\ndataset = \"no-such-file.csv\"\ntrain = 10\ntest = 0\n"
        let sweep = LoadedSweep(path: "/nonexistent/bad.toml", text: text, definition: try SweepFile.parse(text: text, path: "bad.toml"))
        #expect {
            _ = try SweepContext(sweep)
        } throws: { error in
            (error as? SweepFileError)?.description.hasPrefix("/nonexistent/bad.toml:7: data.dataset: ") == true
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
