import Foundation

/// Runs blocking work on a thread of its own and awaits its result, keeping the cooperative pool free.
///
/// The coordinator's broker loop and a worker's network loop block on `zmq_poll`; they get a thread each, with an
/// 8 MiB stack, instead of holding one of the few threads of Swift's concurrency pool.
public func runOnThread<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }
}
