import Coordinator
import Foundation
import Synchronization

/// A progress line on standard error: redrawn in place on a terminal, one plain line every 10 seconds
/// otherwise (CI and batch logs get no control sequences).
///
/// Throughput and ETA count trajectory-steps, including those inside running tasks that the workers report in
/// their heartbeats, so both move even while long tasks compute.
public final class ProgressLine: Sendable {
    private let enabled: Bool
    private let lastPrint = Mutex<ContinuousClock.Instant?>(nil)

    /// A progress line that draws only when `enabled`.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Redraws from a status snapshot when due (or always with `force`); nothing before the first snapshot.
    public func update(_ status: CoordinatorStatus?, force: Bool = false) {
        guard enabled, let status, status.progress.total > 0 else { return }
        let now = ContinuousClock.now
        let interval: Duration = standardErrorIsTerminal ? .milliseconds(250) : .seconds(10)
        let due = lastPrint.withLock { last in
            guard force || last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let progress = status.progress
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
    public func finish() {
        if enabled && standardErrorIsTerminal { writeStandardError("\n") }
    }

    /// Seconds as `42 s`, `12 min` or `3.5 h`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
