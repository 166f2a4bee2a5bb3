import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Report

@Suite("Report files")
struct ReportWriterTests {
    @Test("every SVG is well-formed XML with its series, axis labels and log ticks; index.html shows every figure")
    func writesWellFormedFigures() throws {
        let fixture = try Fixture()
        let input = try fixture.input()
        let folder = fixture.directory + "/report"
        let written = try ReportWriter.write(input, to: folder)
        let svgs = written.filter { $0.hasSuffix(".svg") }
        let names = Set(svgs.map { ($0 as NSString).lastPathComponent })
        #expect(names == ["lambda-vs-epsilon.svg", "lambda-vs-eta.svg", "kept-fraction.svg", "kept-fraction-vs-eta.svg", "loss.svg",
                          "histograms-eta0.svg", "histograms-eta1.svg", "divergence-eta0.svg", "divergence-eta1.svg"])
        for path in svgs {
            let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
            #expect(document.rootElement()?.name == "svg", "\(path)")
            let labels = try document.nodes(forXPath: "//*[@class='xlabel' or @class='ylabel']").compactMap(\.stringValue)
            #expect(labels.count >= 2, "\(path) has axis labels")
        }
        let epsilonPlot = try XMLDocument(contentsOf: URL(fileURLWithPath: folder + "/lambda-vs-epsilon.svg"), options: [])
        let series = try epsilonPlot.nodes(forXPath: "//*[@class='series']/@data-name").compactMap(\.stringValue)
        #expect(series == ["η = 1", "η = 2"])
        let labels = try epsilonPlot.nodes(forXPath: "//*[@class='xlabel' or @class='ylabel']").compactMap(\.stringValue)
        #expect(labels == ["ε (perturbation size per weight)", "λ_nMLE (Λ per GD step)"])
        let ticks = try epsilonPlot.nodes(forXPath: "//*[@class='tick']").compactMap(\.stringValue)
        #expect(ticks.contains("10−10") && ticks.contains("10−4"), "log ticks 10^k: \(ticks)")
        let divergence = try XMLDocument(contentsOf: URL(fileURLWithPath: folder + "/divergence-eta0.svg"), options: [])
        #expect(try divergence.nodes(forXPath: "//*[@class='band']").count >= 1, "fitted windows are shaded")
        #expect(try divergence.nodes(forXPath: "//*[@class='xlabel']").first?.stringValue == "t (GD steps)")

        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        for name in names { #expect(index.contains("src=\"\(name)\""), "index.html shows \(name)") }
        for expected in ["lambda.csv", "fits.json", input.sweepHash, "testhost", "trajectory-steps", "analysis shown", "git commit",
                         "<th>kernel variants</th><td>avx2 (1 worker process, \(input.doneTasks) tasks)</td>"] {
            #expect(index.contains(expected), "index.html mentions \(expected)")
        }
        #expect(index.contains("\(6 * 61 * (1 + 2 * 2))"), "total trajectory-steps")
        #expect(!index.contains("<h2>Diagnostics</h2>") && !written.contains { $0.hasSuffix("diagnostics.csv") },
                "a run without diagnostics has no diagnostics section or tables")
        _ = try XMLDocument(xmlString: index.replacingOccurrences(of: "<!DOCTYPE html>", with: ""), options: [])
    }

    @Test("a run with diagnostics gets their tables, well-formed figures with series and axis labels, and a Diagnostics section")
    func writesDiagnostics() throws {
        let fixture = try Fixture(diagnostics: true)
        let input = try fixture.input()
        let folder = fixture.directory + "/report"
        let written = try ReportWriter.write(input, to: folder)
        let names = Set(written.map { ($0 as NSString).lastPathComponent })
        let figures: [String: (x: String, y: String, series: [String])] = [
            "benettin.svg": ("t (GD steps from the initial condition)", "λ̂(t) (Λ per GD step)",
                             ["η = 1 (mean of 3 ICs)", "η = 2 (mean of 3 ICs)"]),
            "spectrum.svg": ("exponent index i (1 = largest)", "λ_i (Λ per GD step)", ["η = 1", "η = 2"]),
            "gradient-norm.svg": ("t (GD steps from the initial condition)", "‖∇L‖₂", ["η = 1 (mean of 3 ICs)", "η = 2 (mean of 3 ICs)"]),
            "running-mean-loss.svg": ("t (GD steps from the initial condition)", "(1/(t+1)) Σ L(W(s)) (cross-entropy)",
                                      ["η = 1 (mean of 3 ICs)", "η = 2 (mean of 3 ICs)"]),
            "ghost-mass.svg": ("t (GD steps from the initial condition)", "ghost mass (mean softmax probability)",
                               ["η = 1 (mean of 3 ICs)", "η = 2 (mean of 3 ICs)"]),
            "autocorrelation.svg": ("lag (GD steps)", "ACF of the loss", ["ACF", "95% band"]),
            "weights.svg": ("path length Σ_t |w(t+1) − w(t)|", "displacement |w(T) − w(0)|",
                            ["η = 1, IC 0", "η = 2, IC 0", "displacement = path length"]),
        ]
        for (name, expected) in figures {
            #expect(names.contains(name), "\(name) is written")
            let document = try XMLDocument(contentsOf: URL(fileURLWithPath: folder + "/" + name), options: [])
            #expect(document.rootElement()?.name == "svg")
            let x = try document.nodes(forXPath: "//*[@class='xlabel']").compactMap(\.stringValue)
            let y = try document.nodes(forXPath: "//*[@class='ylabel']").compactMap(\.stringValue)
            #expect(x.first == expected.x && y.first == expected.y, "\(name): \(x) \(y)")
            let series = try document.nodes(forXPath: "//*[@class='series']/@data-name").compactMap(\.stringValue).filter { !$0.isEmpty }
            for wanted in expected.series { #expect(series.contains(wanted), "\(name) has series \(wanted): \(series)") }
        }
        let benettin = try XMLDocument(contentsOf: URL(fileURLWithPath: folder + "/benettin.svg"), options: [])
        #expect(try benettin.nodes(forXPath: "//*[@class='series'][@opacity]").count == 4, "the first ICs (2 per η here) are drawn faint")
        let spectrum = try XMLDocument(contentsOf: URL(fileURLWithPath: folder + "/spectrum.svg"), options: [])
        #expect(try spectrum.nodes(forXPath: "//*[@class='errorbar']").count == 6, "3 exponents × 2 η with error bars")

        for table in ["diagnostics.csv", "spectrum.csv", "diagnostics-vs-lambda.csv", "diagnostics.json"] {
            #expect(names.contains(table), "\(table) is written")
        }
        let csv = try String(contentsOfFile: folder + "/diagnostics.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3 && csv[0].hasPrefix("analysis_id,eta,ics,benettin_final_mean,benettin_final_std"))
        #expect(csv.dropFirst().allSatisfy { $0.hasPrefix("\(input.analysis.id),") }, "every row names the analysis shown")
        // λ̂(T) of IC k at η is −0.01 (k + 1) η + 1/T with T = 60: mean over k = 0, 1, 2 at η = 1.
        let benettinMean = Double(csv[1].split(separator: ",")[3])!
        #expect(abs(benettinMean - (-0.02 + 1.0 / 60)) < 1e-12)
        let spectrumCSV = try String(contentsOfFile: folder + "/spectrum.csv", encoding: .utf8).split(separator: "\n")
        #expect(spectrumCSV.count == 1 + 2 * 3)
        let comparison = try String(contentsOfFile: folder + "/diagnostics-vs-lambda.csv", encoding: .utf8).split(separator: "\n")
        #expect(comparison.count == 1 + 2 * 2, "one line per (η, ε)")

        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(index.contains("<h2>Diagnostics</h2>"))
        for name in figures.keys { #expect(index.contains("src=\"\(name)\""), "index.html shows \(name)") }
        for name in names where name.hasSuffix(".svg") { #expect(index.contains("src=\"\(name)\""), "index.html shows \(name)") }
        _ = try XMLDocument(xmlString: index.replacingOccurrences(of: "<!DOCTYPE html>", with: ""), options: [])
    }

    @Test("log and linear axes cover their data with round ends")
    func axisRanges() {
        let log = Axis(scale: .log10, values: [3e-14, 2e-2, -1, .nan], from: 0, to: 100)
        #expect(log.lower == 1e-14 && log.upper == 1e-1)
        #expect(log.position(-1) == nil)
        let linear = Axis(scale: .linear, values: [0.13, 0.47], from: 0, to: 100)
        #expect(linear.lower <= 0.13 && linear.upper >= 0.47)
        #expect(linear.ticks.count >= 3)
    }
}
