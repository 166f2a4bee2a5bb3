import Coordinator
import Dispatch
import Foundation

/// A progress line on standard error: redrawn in place on a terminal, one plain line every 10 seconds
/// otherwise (CI and batch logs get no control sequences).
///
/// Throughput and ETA count trajectory-steps, including those inside running tasks that the workers report in
/// their heartbeats, so both move even while long tasks compute.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let started = DispatchTime.now()
    private var lastPrint = -Double.infinity
    private let lock = NSLock()

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Redraws from a status snapshot when due (or always with `force`); nothing before the first snapshot.
    func update(_ status: CoordinatorStatus?, force: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, let status, status.progress.total > 0 else { return }
        let progress = status.progress
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let interval = standardErrorIsTerminal ? 0.25 : 10
        guard force || elapsed - lastPrint >= interval else { return }
        lastPrint = elapsed
        let rate = Double(status.trajectoryStepsIncludingRunning) / max(status.elapsedSeconds, 1e-9)
        let remaining = progress.total - progress.done - progress.failed
        let eta: String
        if progress.workersAlive == 0 && remaining > 0 {
            eta = "no workers"
        } else if let seconds = status.etaSeconds {
            eta = Self.duration(seconds)
        } else {
            eta = "estimating"
        }
        var text = String(format: "%d/%d tasks (%.0f%%) · %.0f trajectory-steps/s · ETA %@ · %d workers",
                          progress.done, progress.total, 100 * Double(progress.done) / Double(progress.total), rate, eta,
                          progress.workersAlive)
        if progress.retries > 0 { text += " · \(progress.retries) retries" }
        if progress.failed > 0 { text += " · \(progress.failed) failed" }
        if progress.rejectedFrames > 0 { text += " · \(progress.rejectedFrames) rejected frames" }
        if standardErrorIsTerminal {
            writeStandardError("\r\u{1B}[2K" + text)
        } else {
            writeStandardError(text + "\n")
        }
    }

    /// Ends the line on a terminal.
    func finish() {
        if enabled && standardErrorIsTerminal { writeStandardError("\n") }
    }

    /// Seconds as `42 s`, `12 min` or `3.5 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
