import Testing

import Analysis
@testable import Sweep

@Suite("Sweep files")
struct SweepFileTests {
    static let minimal = """
        seed = 1
        [training]
        eta = 1.0
        [ensemble]
        ics = 10
        """

    @Test("a minimal file gets every docs/METHOD.md default")
    func defaults() throws {
        let d = try SweepFile.parse(text: Self.minimal, path: "sweeps/min.toml")
        #expect(d.name == "min")
        #expect(d.data.dataset == "iris" && d.data.train == 120 && d.data.test == 30 && !d.data.standardize)
        #expect(d.model.layers == [4, 10, 3] && d.model.activation == .sigmoid && d.model.initStd == 1)
        #expect(d.training.etas == [1] && d.training.steps == 200 && d.training.perturbAt == 0)
        #expect(d.ensemble.members == 5 && !d.ensemble.perturbBiases && d.ensemble.distance == .l1)
        #expect(d.ensemble.epsilons == [1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2])
        #expect(d.fit.window == .grid(GridWindowSearch()))
        #expect(d.fit.filter == FitFilter(minRSquared: 0.9, minLambda: 0.05))
    }

    @Test("η and ε as a number, a list or a log-spaced range")
    func lists() throws {
        let text = """
            seed = 1
            [training]
            eta = { from = 0.01, to = 10, count = 4 }
            [ensemble]
            ics = 2
            epsilon = [1e-10, 1e-5]
            """
        let d = try SweepFile.parse(text: text, path: "x.toml")
        #expect(d.training.etas == [0.01, 0.1, 1, 10])
        #expect(d.ensemble.epsilons == [1e-10, 1e-5])
        let quick = try SweepFile.parse(text: Self.minimal.replacingOccurrences(of: "ics = 10", with: "ics = 10\nepsilon = { from = 1e-14, to = 1e-2, count = 7 }"), path: "q.toml")
        #expect(quick.ensemble.epsilons == [1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2])
    }

    /// Each broken file, the line of its problem, and words the message must contain.
    static let broken: [(String, Int, [String])] = [
        ("seed = 1\n[training]\neta = \"fast\"\n[ensemble]\nics = 10\n", 3, ["training.eta", "found a string"]),
        ("seed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 10\nmembrs = 5\n", 6, ["ensemble.membrs", "unknown key", "members"]),
        ("seed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 10\nepsilon = [1e-8, -1e-6]\n", 6, ["ensemble.epsilon", "-1e-06", "0 < ε < 1"]),
        ("seed = 1\n[training]\neta = 1.0\n[ensemble]\nmembers = 3\n", 4, ["ensemble.ics", "required but missing"]),
        ("seed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 10\n[model]\nactivation = \"softplus\"\n", 7, ["model.activation", "\"sigmoid\", \"tanh\", \"relu\""]),
        ("seed = 1\n[training]\neta = 1.0\nsteps = 0\n[ensemble]\nics = 10\n", 4, ["training.steps", "is 0"]),
        ("seed = 1\n[training\neta = 1.0\n", 2, ["TOML syntax"]),
    ]

    @Test("each problem is reported with file, line, field and what is allowed", arguments: broken)
    func errors(text: String, line: Int, fragments: [String]) {
        expectOneIssue(text, line: line, fragments: fragments)
    }

    @Test("several problems are all reported, in line order")
    func manyErrors() {
        let text = "seed = -1\nfoo = 2\n[training]\neta = [1, \"x\"]\n[ensemble]\nics = 1.5\n"
        #expect {
            _ = try SweepFile.parse(text: text, path: "bad.toml")
        } throws: { error in
            let lines = (error as? SweepFileError)?.issues.compactMap(\.line)
            return lines == [1, 2, 4, 6]
        }
    }

    @Test("the network must fit the dataset")
    func shapeMismatch() throws {
        let text = Self.minimal + "\n[model]\nlayers = [5, 10, 3]\n"
        let definition = try SweepFile.parse(text: text, path: "shape.toml")
        #expect(throws: SweepFileError.self) {
            _ = try SweepContext(definition: definition, baseDirectory: ".", file: "shape.toml")
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Expects parsing `text` as "bad.toml" to fail with exactly one issue, on `line`, whose message starts with
/// "bad.toml:LINE: " and contains every fragment.
func expectOneIssue(_ text: String, line: Int, fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(sourceLocation: sourceLocation) {
        _ = try SweepFile.parse(text: text, path: "bad.toml")
    } throws: { error in
        guard let error = error as? SweepFileError, error.issues.count == 1, let issue = error.issues.first else { return false }
        let message = issue.description
        return issue.line == line && message.hasPrefix("bad.toml:\(line): ") && fragments.allSatisfy(message.contains)
    }
}
