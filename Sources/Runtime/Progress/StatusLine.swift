import Synchronization

/// The one line at the bottom of a terminal that is redrawn in place, and everything else written above it.
///
/// While a line is drawn, other text (log messages, notes) first clears it, is written, and the line is drawn again
/// below, so nothing is glued onto the progress bar.
public final class StatusLine: Sendable {
    /// The status line of standard error.
    public static let standardError = StatusLine(write: { writeStandardErrorBytes($0) })

    private let write: @Sendable (String) -> Void
    private let current = Mutex<String?>(nil)

    /// A status line that writes through `write`.
    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Draws `text` in place of the current line (carriage return, erase line, text; no newline); the same text
    /// again is not redrawn.
    public func draw(_ text: String) {
        current.withLock { current in
            guard current != text else { return }
            current = text
            write("\r\u{1B}[2K" + text)
        }
    }

    /// Writes `text` (whole lines) above the status line, then draws the line again; as is without one.
    public func writeAbove(_ text: String) {
        current.withLock { current in
            guard let line = current else { return write(text) }
            write("\r\u{1B}[2K" + text + (text.hasSuffix("\n") ? "" : "\n") + line)
        }
    }

    /// Leaves the drawn line as it is and moves to a new line; later text is written as is.
    public func end() {
        current.withLock { current in
            if current != nil { write("\n") }
            current = nil
        }
    }
}
