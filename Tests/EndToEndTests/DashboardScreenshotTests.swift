import Foundation
import Testing

/// The dashboard of the η scan as a user sees it in Chromium: while `run` computes it, and once it is finished through
/// `lyapsweep dashboard --db`. The screenshots are kept in `.build/test-artifacts/dashboard/` (printed by the test).
@Suite("Dashboard screenshots of the η scan", .serialized)
struct DashboardScreenshotTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let artifacts = repository.appendingPathComponent(".build/test-artifacts/dashboard").path

    /// Headless Chromium's screenshot of a page (its scripts run for 3 s first), 1280 px wide and tall enough for every view.
    static func screenshot(_ url: String, to path: String) async throws {
        try? FileManager.default.removeItem(atPath: path)
        // Asked again (at most three times) when a loaded machine makes Chromium write nothing.
        for _ in 0..<3 where !FileManager.default.fileExists(atPath: path) { try await screenshotOnce(url, to: path) }
    }

    private static func screenshotOnce(_ url: String, to path: String) async throws {
        try await offThePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--timeout=3000",
                                 "--window-size=1280,1800", "--screenshot=\(path)", url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
    }

    /// The DOM Chromium renders, asked again (at most three times) when a loaded machine makes it come back empty.
    static func rendered(_ url: String) async throws -> String {
        var dom = ""
        for _ in 0..<3 where !dom.contains("</body>") { dom = try await DashboardEndToEndTests.renderedDOM(url) }
        return dom
    }

    /// The value of `attribute` on the element with `id` in a rendered DOM.
    static func attribute(_ attribute: String, ofID id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let tagStart = dom[..<start.lowerBound].lastIndex(of: "<") ?? start.lowerBound
        let tag = dom[tagStart...].prefix { $0 != ">" }
        guard let value = tag.range(of: " \(attribute)=\"") else { return tag.contains(" \(attribute)") ? "" : nil }
        return String(tag[value.upperBound...].prefix { $0 != "\"" })
    }

    /// The `data-color` of each drawn series of a plot.
    static func seriesColours(ofPlot id: String, in dom: String) -> [String] {
        guard let start = dom.range(of: "<svg id=\"\(id)\"")?.upperBound,
              let end = dom[start...].range(of: "</svg>")?.lowerBound else { return [] }
        let svg = String(dom[start..<end])
        return svg.components(separatedBy: "data-color=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// How many pixels of a PNG are each colour (`#rrggbb` or `hsl(h, s%, l%)`), within 3 per channel; decoded by
    /// python3's zlib (8-bit RGB or RGBA, not interlaced, as Chromium writes them).
    static func pixelCounts(_ png: String, colours: [String]) async throws -> [Int] {
        let script = #"""
import colorsys, re, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, chunks = 8, {}
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunks.setdefault(kind, []).append(data[pos + 8:pos + 8 + length])
    pos += 12 + length
width, height, depth, ctype = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
assert depth == 8 and ctype in (2, 6)
bpp = 3 if ctype == 2 else 4
raw, stride, rows, prev = zlib.decompress(b"".join(chunks[b"IDAT"])), width * bpp, [], bytearray(width * bpp)
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
def rgb(text):
    if text.startswith("#"): return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))
    h, s, l = (float(v) for v in re.findall(r"[\d.]+", text))
    return tuple(round(v * 255) for v in colorsys.hls_to_rgb(h / 360, l / 100, s / 100))
counts = {}
for line in rows:
    for x in range(0, stride, bpp):
        key = bytes(line[x:x + 3])
        counts[key] = counts.get(key, 0) + 1
for colour in sys.argv[2:]:
    r, g, b = rgb(colour)
    print(sum(n for k, n in counts.items() if abs(k[0] - r) <= 3 and abs(k[1] - g) <= 3 and abs(k[2] - b) <= 3))
"""#
        let output = try await offThePool { () throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, png] + colours
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        return output.split(separator: "\n").compactMap { Int($0) }
    }

    @Test("running, and finished through `dashboard --db`: states, the λ_nMLE(η) and kept-fraction views, distinct colours")
    func screenshots() async throws {
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let sweep = Self.repository.appendingPathComponent("sweeps/iris-eta-scan.toml").path
        let harness = try Harness(sweep: "")
        let port = Harness.freePort()
        let base = "http://127.0.0.1:\(port)"
        // 20 η × 10 ICs = 200 tasks of 4,221 trajectory-steps on two workers, a second or two of work: once 30 are
        // done the workers are stopped (SIGSTOP, from the polling thread) so the page is looked at while the run is
        // certainly running; a long liveness keeps them counted as alive meanwhile; SIGCONT lets the run finish.
        let run = try harness.start(["run", sweep, "--ics", "10", "--workers", "2", "--db", harness.databasePath, "--dashboard",
                                     "\(port)", "--liveness-ms", "600000", "--quiet"], label: "run")
        defer { run.signal(SIGKILL) }
        let runPID = run.pid
        defer { for worker in RunningProcess.children(of: runPID) { kill(worker, SIGKILL) } }
        let frozen = try await whenOffThePool(timeout: 120, {
            ((try? DashboardEndToEndTests.json(base + "/api/progress"))?["done"] as? Int ?? 0) >= 30
        }, then: { () -> [Int32] in
            let workers = RunningProcess.children(of: runPID)
            for worker in workers { kill(worker, SIGSTOP) }
            return workers
        })
        let workers = try #require(frozen, "30 tasks not done within 120 s: \(run.stderr)")
        #expect(workers.count == 2, "the run's two worker processes: \(workers)")

        let running = try await Self.rendered(base + "/")
        let runningPNG = Self.artifacts + "/eta-scan-running.png"
        try await Self.screenshot(base + "/", to: runningPNG)
        for worker in workers { kill(worker, SIGCONT) }
        #expect(Self.attribute("data-state", ofID: "run-state", in: running) == nil)
        #expect(running.contains("<body data-state=\"running\""), "\(running.prefix(600))")
        #expect(Self.attribute("hidden", ofID: "lambda-eta-section", in: running) == nil, "the λ_nMLE(η) view is shown")
        #expect(Self.attribute("hidden", ofID: "kept-eta-section", in: running) == nil, "the kept-fraction view is shown")
        #expect(Int(Self.attribute("data-complete", ofID: "eta-progress", in: running) ?? "") ?? 0 >= 1, "per-η progress")
        #expect(running.contains("λ<sub>nMLE</sub>(η)"))

        try await run.wait(timeout: 240)
        #expect(run.status == 0, "\(run.stderr)")
        let dashboardPort = Harness.freePort()
        let serve = try harness.start(["dashboard", "--db", harness.databasePath, "--port", "\(dashboardPort)"], label: "dashboard")
        defer { serve.signal(SIGKILL) }
        let finishedBase = "http://127.0.0.1:\(dashboardPort)"
        #expect(await eventually(timeout: 30) { (try? DashboardEndToEndTests.get(finishedBase + "/healthz").status) == 200 })
        let finished = try await Self.rendered(finishedBase + "/")
        let finishedPNG = Self.artifacts + "/eta-scan-finished.png"
        try await Self.screenshot(finishedBase + "/", to: finishedPNG)
        serve.signal(SIGTERM)
        try await serve.wait(timeout: 30)
        #expect(serve.status == 0, "\(serve.stderr)")

        #expect(finished.contains("<body data-state=\"finished\""), "\(finished.prefix(600))")
        #expect(finished.contains("<span id=\"run-state\">finished</span>"), "the header says finished")
        #expect(finished.contains("<span id=\"connection\">read-only view of \(harness.databasePath)</span>"), "not 'live'")
        #expect(!finished.contains(" ago</td>") && !finished.contains("<tr class=\"worker state-alive"),
                "no worker alive, none 'gone · 0.0 s ago'")
        #expect(Self.attribute("data-complete", ofID: "eta-progress", in: finished) == "20")
        #expect(Self.attribute("data-series", ofID: "lambda-eta-plot", in: finished) == "4", "λ_nMLE(η): one series per ε")
        #expect(Self.attribute("data-series", ofID: "kept-eta-plot", in: finished) == "4")
        let etaColours = Self.seriesColours(ofPlot: "lambda-plot", in: finished)
        #expect(etaColours.count >= 6, "η series with kept ICs: \(etaColours)")
        #expect(Set(etaColours).count == etaColours.count, "every η in its own colour: \(etaColours)")
        #expect(!finished.contains("η = 0.0143844988"), "η with 4 significant digits")
        #expect(finished.contains("η = 0.01438") || finished.contains("η = 0.02637"))

        // The legend swatches of every drawn η series are in the screenshot, each in its own colour.
        let pixels = try await Self.pixelCounts(finishedPNG, colours: etaColours)
        #expect(pixels.count == etaColours.count && pixels.allSatisfy { $0 >= 100 }, "pixels per series colour: \(pixels)")
        print("dashboard screenshots: \(runningPNG) (the η scan while `run` computes it) and \(finishedPNG) "
              + "(the finished run through `lyapsweep dashboard --db`)")
    }
}
