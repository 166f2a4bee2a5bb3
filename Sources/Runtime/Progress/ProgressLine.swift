import Coordinator
import Foundation
import Synchronization

/// A progress line on standard error: on a terminal a tqdm-like bar redrawn in place (``ProgressText/terminalLine(_:width:)``,
/// fitted to the terminal's width, with log lines printed above it), otherwise one plain line every 10 seconds (CI and
/// batch logs get no control sequences).
///
/// Throughput and the remaining time count trajectory-steps, including those inside running tasks that the workers
/// report in their heartbeats, so both move even while long tasks compute.
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
        let fields = ProgressText.Fields(status)
        if standardErrorIsTerminal {
            StatusLine.standardError.draw(ProgressText.terminalLine(fields, width: terminalColumns()))
        } else {
            writeStandardError(ProgressText.plainLine(fields) + "\n")
        }
    }

    /// Ends the line on a terminal: it stays as drawn last, and what follows starts on a new line.
    public func finish() {
        if enabled { StatusLine.standardError.end() }
    }

    /// Seconds as `42 s`, `12 min` or `3.5 h`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
