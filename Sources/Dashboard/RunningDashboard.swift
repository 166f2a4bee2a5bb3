import ServiceLifecycle

/// A dashboard serving in the background, from ``DashboardServer/start()`` until ``stop()``.
public struct RunningDashboard: Sendable {
    /// The port it listens on (the one picked for port 0).
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let feed: DashboardFeed

    /// Shuts down gracefully (open event streams end, requests in flight complete) and waits until the port is released.
    public func stop() async {
        feed.close()
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    fileprivate init(port: Int, task: Task<Void, any Error>, group: ServiceGroup, feed: DashboardFeed) {
        self.port = port
        self.task = task
        self.group = group
        self.feed = feed
    }
}

/// The dashboard could not start listening.
public struct DashboardStartError: Error, Sendable, CustomStringConvertible {
    /// Where it tried to listen and why it failed.
    public let description: String
}

extension DashboardServer {
    /// Starts serving in the background and returns once the server listens.
    ///
    /// - Throws: ``DashboardStartError`` if the address cannot be bound (e.g. the port is taken).
    public func start() async throws -> RunningDashboard {
        let (listening, continuation) = AsyncStream<Int>.makeStream()
        let group = makeServiceGroup { port in continuation.yield(port) }
        // Detached: the server stops when ``RunningDashboard/stop()`` says so, not when the caller's own service
        // group starts shutting down (a nested group inherits that through a task-local), so it can linger.
        let task = Task.detached {
            defer { continuation.finish() }
            try await group.run()
        }
        var ports = listening.makeAsyncIterator()
        if let port = await ports.next() { return RunningDashboard(port: port, task: task, group: group, feed: feed) }
        do {
            try await task.value
            throw DashboardStartError(description: "the dashboard on \(settings.host):\(settings.port) stopped before it listened")
        } catch let error as DashboardStartError {
            throw error
        } catch {
            throw DashboardStartError(description: "cannot serve the dashboard on \(settings.host):\(settings.port): \(error)")
        }
    }
}
