import Foundation
import Synchronization

/// A pipe whose whole lines are written to standard error above the progress line (``StatusLine``): a child
/// process's standard error, so that its messages are not glued onto the line being redrawn.
enum LinesAboveStatusLine {
    /// A pipe for a child's standard error; what it writes reaches standard error line by line, the last partial
    /// line when the child closes it.
    static func pipe() -> Pipe {
        let pipe = Pipe()
        let pending = Mutex(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            let lines = pending.withLock { pending -> Data in
                if data.isEmpty {
                    defer { pending.removeAll() }
                    return pending
                }
                pending.append(data)
                guard let end = pending.lastIndex(of: UInt8(ascii: "\n")) else { return Data() }
                let complete = pending[..<pending.index(after: end)]
                pending.removeSubrange(..<pending.index(after: end))
                return Data(complete)
            }
            if data.isEmpty { handle.readabilityHandler = nil }
            if !lines.isEmpty { StatusLine.standardError.writeAbove(String(decoding: lines, as: UTF8.self)) }
        }
        return pipe
    }
}
