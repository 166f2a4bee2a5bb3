import Foundation
import GRDB

extension ResultStore {
    /// Records a worker's registration (or re-registration after a reconnect), with the kernel variant its
    /// processes run (empty when it does not say).
    public func registerWorker(id: String, host: String, pid: Int, processes: Int, kernelVariant: String = "") throws {
        try registerWorkers([WorkerRegistration(id: id, host: host, pid: pid, processes: processes, kernelVariant: kernelVariant)])
    }

    /// Records several workers that said HELLO in one transaction (a coordinator registers a cycle's HELLOs
    /// together: a thousand workers joining at once are one commit, not a thousand).
    public func registerWorkers(_ workers: [WorkerRegistration]) throws {
        guard !workers.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO worker (id, host, pid, processes, first_seen, last_seen, state, kernel_variant)
                VALUES (?, ?, ?, ?, ?, ?, 'alive', ?)
                ON CONFLICT(id) DO UPDATE SET host = excluded.host, pid = excluded.pid, last_seen = excluded.last_seen,
                state = 'alive', kernel_variant = excluded.kernel_variant
                """)
            for worker in workers {
                try upsert.execute(arguments: [worker.id, worker.host, worker.pid, worker.processes, now, now, worker.kernelVariant])
            }
        }
    }

    /// Records a worker's state change (`alive`, `dead`, `gone`) and when it was last heard from.
    public func updateWorker(id: String, state: String, lastSeen: Double) throws {
        try write { db in
            try db.execute(sql: "UPDATE worker SET state = ?, last_seen = ? WHERE id = ?", arguments: [state, lastSeen, id])
        }
    }

    /// Every worker ever registered.
    public func workers() throws -> [StoredWorker] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM worker ORDER BY first_seen").map {
                StoredWorker(id: $0["id"], host: $0["host"], pid: $0["pid"], processes: $0["processes"],
                             firstSeen: $0["first_seen"], lastSeen: $0["last_seen"], state: $0["state"], tasksDone: $0["tasks_done"],
                             kernelVariant: $0["kernel_variant"] ?? "")
            }
        }
    }
}

/// A worker as recorded in the store.
public struct StoredWorker: Sendable, Codable {
    /// The worker's self-chosen id (host:pid:random).
    public var id: String
    /// Its host name.
    public var host: String
    /// Its process id on that host.
    public var pid: Int
    /// Worker processes it represents.
    public var processes: Int
    /// First registration (seconds since 1970).
    public var firstSeen: Double
    /// Last message received.
    public var lastSeen: Double
    /// `alive`, `dead` (silent past the liveness window) or `gone` (left after SHUTDOWN).
    public var state: String
    /// Results it delivered that were stored.
    public var tasksDone: Int
    /// The kernel variant its processes run (`avx512`, `avx2`, `portable`), as its HELLO said; empty for a
    /// worker that did not say and in databases written before workers said it.
    public var kernelVariant: String
}
