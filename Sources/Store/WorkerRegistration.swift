/// A worker as its HELLO introduced it: what ``ResultStore/registerWorkers(_:)`` records.
public struct WorkerRegistration: Sendable, Equatable {
    /// The worker's id.
    public var id: String
    /// Its host name.
    public var host: String
    /// Its process id on that host.
    public var pid: Int
    /// How many worker processes it stands for.
    public var processes: Int

    /// Creates a registration; see the properties for meanings.
    public init(id: String, host: String, pid: Int, processes: Int) {
        self.id = id
        self.host = host
        self.pid = pid
        self.processes = processes
    }
}
