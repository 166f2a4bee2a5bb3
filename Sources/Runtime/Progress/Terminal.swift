import Foundation
import Logging

/// Writes text to standard error as is (above the progress line, if one is drawn).
public func writeStandardError(_ text: String) {
    StatusLine.standardError.writeAbove(text)
}

/// Writes bytes to standard error, bypassing the progress line.
func writeStandardErrorBytes(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Writes a line to standard error (above the progress line, if one is drawn).
public func printError(_ message: String) {
    writeStandardError(message.hasSuffix("\n") ? message : message + "\n")
}

/// Whether standard error is a terminal (progress is redrawn in place only then).
public var standardErrorIsTerminal: Bool { isatty(2) == 1 }

/// The width of the terminal on standard error, in columns: its window size, else `$COLUMNS`, else 80.
func terminalColumns() -> Int {
    var size = winsize()
    if withUnsafeMutablePointer(to: &size, { ioctl(2, UInt(TIOCGWINSZ), $0) }) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 80
}

/// Sends every log message at `level` or above to standard error (once per process), above the progress line.
public func bootstrapStandardErrorLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler(label: label, stream: AboveStatusLine())
        handler.logLevel = level
        return handler
    }
}

/// A text stream to standard error that writes above the progress line.
struct AboveStatusLine: TextOutputStream, Sendable {
    mutating func write(_ string: String) { StatusLine.standardError.writeAbove(string) }
}
