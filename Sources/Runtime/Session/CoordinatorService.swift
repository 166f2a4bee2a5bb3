import Coordinator
import ServiceLifecycle
import Synchronization

/// The coordinator as a service: its broker loop on a thread of its own; a graceful shutdown asks it to stop.
public final class CoordinatorService: Service, Sendable {
    private let coordinator: Coordinator
    private let outcome = Mutex<Result<CoordinatorSummary, any Error>?>(nil)

    /// Wraps a coordinator that has not run yet.
    public init(_ coordinator: Coordinator) {
        self.coordinator = coordinator
    }

    /// Runs the broker until the sweep is complete or a graceful shutdown stops it.
    public func run() async throws {
        let coordinator = coordinator
        let result = await withGracefulShutdownHandler {
            await Result { try await runOnThread(name: "lyapsweep-broker") { try coordinator.run() } }
        } onGracefulShutdown: {
            coordinator.requestStop()
        }
        outcome.withLock { $0 = result }
        _ = try result.get()
    }

    /// The final counts, once ``run()`` has returned.
    public func summary() throws -> CoordinatorSummary {
        guard let result = outcome.withLock({ $0 }) else { throw CancellationError() }
        return try result.get()
    }
}

/// The progress line as a service: redrawn from the status board every 250 ms until shutdown, then once more.
struct ProgressService: Service {
    let board: StatusBoard
    let line: ProgressLine

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .milliseconds(250))
                line.update(board.snapshot?.status)
            }
        }
        line.update(board.snapshot?.status, force: true)
        line.finish()
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
