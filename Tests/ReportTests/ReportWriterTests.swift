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
        for expected in ["lambda.csv", "fits.json", input.sweepHash, "testhost", "trajectory-steps", "analysis shown", "git commit"] {
            #expect(index.contains(expected), "index.html mentions \(expected)")
        }
        #expect(index.contains("\(6 * 61 * (1 + 2 * 2))"), "total trajectory-steps")
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
