import Foundation
import Logging

/// Writes text to standard error as is.
public func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Writes a line to standard error.
public func printError(_ message: String) {
    writeStandardError(message.hasSuffix("\n") ? message : message + "\n")
}

/// Whether standard error is a terminal (progress is redrawn in place only then).
public var standardErrorIsTerminal: Bool { isatty(2) == 1 }

/// Sends every log message at `level` or above to standard error (once per process).
public func bootstrapStandardErrorLogging(level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
