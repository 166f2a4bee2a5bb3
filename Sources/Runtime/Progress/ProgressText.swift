import Coordinator
import Foundation

/// The text of the progress line, as pure functions of the coordinator's counts (tested without a terminal).
///
/// On a terminal it reads like tqdm's, fitted to the width:
/// ` 42%|████████▍           | 840/2000 tasks [00:12<00:17, 412 k steps/s] 2 workers · 3 retries`;
/// elsewhere (logs, CI) a plain line without control characters or bar:
/// `840/2000 tasks (42%) · elapsed 00:12 · remaining 00:17 · 412 k steps/s · 2 workers · 3 retries`.
public enum ProgressText {
    /// What a progress line shows.
    public struct Fields: Sendable, Equatable {
        /// Tasks done, failed and in all.
        public var done: Int, failed: Int, total: Int
        /// Seconds since the coordinator started.
        public var elapsedSeconds: Double
        /// Seconds to the end at the current rate; nil while unknown (nothing computed yet, or no worker left).
        public var remainingSeconds: Double?
        /// Trajectory-steps per second, including those inside running tasks.
        public var stepsPerSecond: Double
        /// Workers alive.
        public var workers: Int
        /// Tasks re-queued and frames rejected.
        public var retries: Int, rejectedFrames: Int

        /// Creates fields.
        public init(done: Int, failed: Int, total: Int, elapsedSeconds: Double, remainingSeconds: Double?, stepsPerSecond: Double,
                    workers: Int, retries: Int = 0, rejectedFrames: Int = 0) {
            self.done = done
            self.failed = failed
            self.total = total
            self.elapsedSeconds = elapsedSeconds
            self.remainingSeconds = remainingSeconds
            self.stepsPerSecond = stepsPerSecond
            self.workers = workers
            self.retries = retries
            self.rejectedFrames = rejectedFrames
        }

        /// The fields of a coordinator's status; no remaining time while tasks are left and no worker is alive.
        public init(_ status: CoordinatorStatus) {
            let progress = status.progress
            let remaining = progress.total - progress.done - progress.failed
            self.init(
                done: progress.done, failed: progress.failed, total: progress.total, elapsedSeconds: status.elapsedSeconds,
                remainingSeconds: progress.workersAlive == 0 && remaining > 0 ? nil : status.etaSeconds,
                stepsPerSecond: Double(status.trajectoryStepsIncludingRunning) / max(status.elapsedSeconds, 1e-9),
                workers: progress.workersAlive, retries: progress.retries, rejectedFrames: progress.rejectedFrames)
        }

        /// Done and failed over all tasks, 0…1.
        var fraction: Double { total == 0 ? 1 : min(1, Double(done + failed) / Double(total)) }
        /// Tasks left.
        var left: Int { max(0, total - done - failed) }

        /// What follows the rate: workers (or their absence), failures, retries, rejected frames.
        var extras: [String] {
            var extras = [workers == 0 && left > 0 ? "no workers" : workers == 1 ? "1 worker" : "\(workers) workers"]
            if failed > 0 { extras.append("\(failed) failed") }
            if retries > 0 { extras.append("\(retries) retries") }
            if rejectedFrames > 0 { extras.append("\(rejectedFrames) rejected frames") }
            return extras
        }
    }

    /// The terminal line: percentage, bar, counts, `[elapsed<remaining, rate]` and extras, at most `width - 1`
    /// characters (the last column is left free so that no terminal wraps). The bar shrinks first, then the extras
    /// go, then the bar; what still does not fit is cut with `…`.
    public static func terminalLine(_ fields: Fields, width: Int) -> String {
        let limit = max(width - 1, 1)
        let percent = String(format: "%3.0f%%", (fields.fraction * 100).rounded(.down))
        let counts = "\(fields.done)/\(fields.total) tasks [\(clock(fields.elapsedSeconds))<\(fields.remainingSeconds.map(clock) ?? "?"), "
            + "\(rate(fields.stepsPerSecond, unit: "steps/s"))]"
        let extras = " " + fields.extras.joined(separator: " · ")
        for candidate in [extras, ""] {
            let fixed = percent.count + 2 + 1 + counts.count + candidate.count
            let barWidth = min(limit - fixed, 60)
            if barWidth >= 10 { return percent + "|" + bar(fraction: fields.fraction, width: barWidth) + "| " + counts + candidate }
        }
        let bare = percent + " " + counts
        return bare.count <= limit ? bare : String(bare.prefix(limit - 1)) + "…"
    }

    /// The plain line for logs: no bar, no control characters.
    public static func plainLine(_ fields: Fields) -> String {
        let percent = String(format: "%.0f%%", (fields.fraction * 100).rounded(.down))
        return (["\(fields.done)/\(fields.total) tasks (\(percent))", "elapsed \(clock(fields.elapsedSeconds))",
                 "remaining \(fields.remainingSeconds.map(clock) ?? "unknown")", rate(fields.stepsPerSecond, unit: "steps/s")]
                + fields.extras).joined(separator: " · ")
    }

    /// A bar of exactly `width` characters: full blocks, one partial block in eighths, spaces.
    public static func bar(fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let eighths = Int((min(max(fraction, 0), 1) * Double(width * 8)).rounded(.down))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let full = eighths / 8, partial = partials[eighths % 8]
        return String(repeating: "█", count: full) + partial
            + String(repeating: " ", count: width - full - (partial.isEmpty ? 0 : 1))
    }

    /// Seconds as a clock: `MM:SS` below an hour, `H:MM:SS` from there (tqdm's form).
    public static func clock(_ seconds: Double) -> String {
        let total = seconds.isFinite ? Int(max(0, seconds).rounded()) : 0
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%02d:%02d", minutes, secs)
    }

    /// A rate with an SI prefix and three significant digits: `412 k steps/s`, `99.2 k steps/s`, `1.50 M steps/s`, `7.00 steps/s`.
    public static func rate(_ perSecond: Double, unit: String) -> String {
        guard perSecond.isFinite, perSecond > 0 else { return "0 \(unit)" }
        var value = perSecond
        var prefix = 0
        let prefixes = ["", "k", "M", "G", "T", "P"]
        while value >= 999.5 && prefix < prefixes.count - 1 {
            value /= 1000
            prefix += 1
        }
        let digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2
        return String(format: "%.\(digits)f", value) + " " + (prefixes[prefix].isEmpty ? "" : prefixes[prefix] + " ") + unit
    }
}
