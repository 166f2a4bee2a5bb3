import Coordinator
import Dispatch
import Foundation

/// A progress line on standard error: redrawn in place on a terminal, one plain line every 10 seconds
/// otherwise (CI and batch logs get no control sequences).
final class ProgressLine: @unchecked Sendable {
    private let stepsPerTask: Int
    private let enabled: Bool
    private let started = DispatchTime.now()
    private var lastPrint = -Double.infinity
    private var startDone: Int?
    private let lock = NSLock()

    init(stepsPerTask: Int, enabled: Bool) {
        self.stepsPerTask = stepsPerTask
        self.enabled = enabled
    }

    /// Redraws from a progress snapshot when due (or always with `force`).
    func update(_ progress: CoordinatorProgress, force: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, progress.total > 0 else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let interval = standardErrorIsTerminal ? 0.25 : 10
        guard force || elapsed - lastPrint >= interval else { return }
        lastPrint = elapsed
        let baseline = startDone ?? progress.done
        startDone = baseline
        let doneThisSession = progress.done - baseline
        let rate = Double(progress.trajectorySteps) / max(elapsed, 1e-9)
        let remaining = progress.total - progress.done - progress.failed
        let eta: String
        if progress.workersAlive == 0 && remaining > 0 {
            eta = "no workers"
        } else if doneThisSession == 0 {
            eta = remaining == 0 ? "0 s" : "estimating"
        } else {
            eta = String(format: "%.0f s", elapsed / Double(doneThisSession) * Double(remaining))
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
}
