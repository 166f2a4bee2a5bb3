import Coordinator
import Testing
import Synchronization

@testable import Runtime

@Suite("Progress line")
struct ProgressLineTests {
    /// 840 of 2000 tasks after 12 s at 412,000 steps/s, 17 s to go, two workers.
    static let midway = ProgressText.Fields(
        done: 840, failed: 0, total: 2000, elapsedSeconds: 12, remainingSeconds: 17, stepsPerSecond: 412_000, workers: 2)

    @Test("durations read as seconds below 90 s, minutes below 1.5 h, hours from there", arguments: [
        (42.0, "42 s"), (89.4, "89 s"), (90.0, "2 min"), (5399.0, "90 min"), (5400.0, "1.5 h"), (36_000.0, "10.0 h"),
    ])
    func duration(seconds: Double, text: String) {
        #expect(ProgressLine.duration(seconds) == text)
    }

    @Test("rates carry an SI prefix, three significant digits and their unit", arguments: [
        (412_000.0, "412 k steps/s"), (99_211.0, "99.2 k steps/s"), (1_500_000.0, "1.50 M steps/s"), (7.0, "7.00 steps/s"),
        (999.6, "1.00 k steps/s"), (0.0, "0 steps/s"), (Double.nan, "0 steps/s"),
    ])
    func rate(value: Double, text: String) {
        #expect(ProgressText.rate(value, unit: "steps/s") == text)
    }

    @Test("elapsed and remaining times read as tqdm's clock", arguments: [
        (0.0, "00:00"), (12.4, "00:12"), (59.6, "01:00"), (3599.0, "59:59"), (3723.0, "1:02:03"), (-5.0, "00:00"),
    ])
    func clock(seconds: Double, text: String) {
        #expect(ProgressText.clock(seconds) == text)
    }

    @Test("the bar is exactly as wide as asked, in full and eighth blocks")
    func bar() {
        #expect(ProgressText.bar(fraction: 0, width: 10) == String(repeating: " ", count: 10))
        #expect(ProgressText.bar(fraction: 1, width: 10) == String(repeating: "█", count: 10))
        #expect(ProgressText.bar(fraction: 0.42, width: 10) == "████▏     ")
        for fraction in stride(from: 0.0, through: 1.0, by: 0.037) {
            #expect(ProgressText.bar(fraction: fraction, width: 23).count == 23)
        }
    }

    @Test("the terminal line has the percentage, bar, counts, times, rate and workers, and fits any width")
    func terminalLine() {
        let wide = ProgressText.terminalLine(Self.midway, width: 120)
        #expect(wide.hasPrefix(" 42%|"))
        #expect(wide.hasSuffix("| 840/2000 tasks [00:12<00:17, 412 k steps/s] 2 workers"))
        #expect(wide.count == 119, "fills the width but the last column: \(wide)")
        for width in [20, 40, 60, 80, 100, 200] {
            #expect(ProgressText.terminalLine(Self.midway, width: width).count <= width - 1, "width \(width)")
        }
        // Narrow: the extras go before the bar does, then the bar.
        let narrow = ProgressText.terminalLine(Self.midway, width: 70)
        #expect(narrow.contains("|") && !narrow.contains("workers"), "\(narrow)")
        #expect(ProgressText.terminalLine(Self.midway, width: 50) == " 42% 840/2000 tasks [00:12<00:17, 412 k steps/s]")
        #expect(ProgressText.terminalLine(Self.midway, width: 20).hasSuffix("…"))
    }

    @Test("an unknown remaining time is `?`; without workers the line says so; failures, retries and rejections follow")
    func extras() {
        var fields = Self.midway
        fields.remainingSeconds = nil
        fields.workers = 0
        fields.failed = 3
        fields.retries = 2
        fields.rejectedFrames = 1
        let line = ProgressText.terminalLine(fields, width: 200)
        #expect(line.contains("[00:12<?, 412 k steps/s] no workers · 3 failed · 2 retries · 1 rejected frames"), "\(line)")
        #expect(ProgressText.plainLine(fields)
            == "840/2000 tasks (42%) · elapsed 00:12 · remaining unknown · 412 k steps/s · no workers · 3 failed · 2 retries · 1 rejected frames")
    }

    @Test("the plain line for logs has no bar and no control character")
    func plainLine() {
        let line = ProgressText.plainLine(Self.midway)
        #expect(line == "840/2000 tasks (42%) · elapsed 00:12 · remaining 00:17 · 412 k steps/s · 2 workers")
        #expect(!line.contains("█") && !line.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("fields from a coordinator status: rate with running steps, no remaining time while no worker is left")
    func fieldsFromStatus() {
        var progress = CoordinatorProgress()
        progress.total = 10
        progress.done = 4
        progress.trajectorySteps = 4000
        progress.stepsInProgress = 1000
        progress.workersAlive = 0
        let status = CoordinatorStatus(
            sweepName: "s", endpoint: "ipc:///x", insecure: false, elapsedSeconds: 10, stepsPerTask: 1000, livenessSeconds: 5,
            progress: progress, workers: [], rejectedFrames: [:])
        let fields = ProgressText.Fields(status)
        #expect(fields.stepsPerSecond == 500)
        #expect(fields.remainingSeconds == nil)
        progress.workersAlive = 1
        let alive = ProgressText.Fields(CoordinatorStatus(
            sweepName: "s", endpoint: "ipc:///x", insecure: false, elapsedSeconds: 10, stepsPerTask: 1000, livenessSeconds: 5,
            progress: progress, workers: [], rejectedFrames: [:]))
        #expect(alive.remainingSeconds == 10, "5000 steps left at 500 steps/s")
    }

    @Test("text written while a line is drawn goes above it, and the line is drawn again below; unchanged text is not redrawn")
    func writesAbove() {
        let written = Capture()
        let line = StatusLine(write: { written.append($0) })
        line.writeAbove("before\n")
        line.draw("40%")
        line.draw("40%")
        line.writeAbove("warning: a worker died\n")
        line.draw("50%")
        line.end()
        line.writeAbove("after\n")
        #expect(written.text == "before\n" + "\r\u{1B}[2K40%" + "\r\u{1B}[2Kwarning: a worker died\n40%" + "\r\u{1B}[2K50%" + "\n" + "after\n")
    }

    @Test("the resume command is the command as typed, quoted for a shell where needed")
    func resumeCommand() {
        #expect(ResumeCommand.text([".build/release/lyapsweep", "run", "sweeps/quickstart.toml", "--ics", "10"])
            == ".build/release/lyapsweep run sweeps/quickstart.toml --ics 10")
        #expect(ResumeCommand.text(["lyapsweep", "run", "my sweep.toml", "--db", "it's.sqlite", ""])
            == "lyapsweep run 'my sweep.toml' --db 'it'\\''s.sqlite' ''")
    }
}

/// Text collected from several writes.
final class Capture: Sendable {
    private let parts = Mutex<[String]>([])
    func append(_ text: String) { parts.withLock { $0.append(text) } }
    var text: String { parts.withLock { $0.joined() } }
}
