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
    /// The kernel variant its processes run (`avx512`, `avx2`, `portable`), as its HELLO said; empty when
    /// it did not say.
    public var kernelVariant: String

    /// Creates a registration; see the properties for meanings.
    public init(id: String, host: String, pid: Int, processes: Int, kernelVariant: String = "") {
        self.id = id
        self.host = host
        self.pid = pid
        self.processes = processes
        self.kernelVariant = kernelVariant
    }
}
