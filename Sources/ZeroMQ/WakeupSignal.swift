import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A wake-up another thread can send to a thread blocked in ``Poller/poll(timeout:)``, without a socket.
///
/// ZeroMQ sockets belong to one thread each, so a plain thread (e.g. a compute thread) cannot send on the
/// poller's socket. It calls ``signal()`` instead, which makes the signal's file descriptor readable; a
/// ``Poller`` that registered the signal (``Poller/register(_:)``) returns at once, and the polling thread
/// calls ``drain()`` before looking for the work the signal announces. Signals sent before a ``drain()``
/// coalesce into one wake-up, so the poller must look for *all* pending work after each drain, never count
/// signals. Implemented as a non-blocking self-pipe; both ends are closed when the signal is released.
public final class WakeupSignal: Sendable {
    /// The end ``Poller`` waits on: readable while a signal is pending.
    public let fileDescriptor: Int32
    /// The end ``signal()`` writes to.
    private let writeEnd: Int32

    /// Creates a signal with nothing pending.
    ///
    /// - Throws: ``ZeroMQError`` with the `errno` of `pipe` (e.g. `EMFILE`, too many open files).
    public init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw ZeroMQError(code: errno, operation: "create wake-up pipe") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(fileDescriptor)
        close(writeEnd)
    }

    /// Makes the signal pending (callable from any thread, never blocks).
    ///
    /// If the pipe is full, signals are already pending and this one coalesces with them.
    public func signal() {
        var byte: UInt8 = 1
        while write(writeEnd, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Clears every pending signal; call it from the polling thread before looking for work.
    ///
    /// - Returns: Whether a signal was pending.
    @discardableResult
    public func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var drained = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                drained = true
                if count < buffer.count { return drained }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return drained
            }
        }
    }
}
