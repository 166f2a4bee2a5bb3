import Analysis
import Dynamics
import Foundation
import GRDB
import Sweep

extension ResultStore {
    /// Stores a batch of results — each with its curves, diagnostics and fits, and its task marked done — in
    /// one durable transaction (group commit: one fsync for the whole batch).
    ///
    /// When it returns, every entry reported stored survives a crash of the process or the machine; when it
    /// throws, nothing of the batch is stored. Idempotent per task: an entry whose task is already done, or whose
    /// task id came earlier in the same batch, is skipped. Each stored entry adds one to its worker's `tasks_done`.
    ///
    /// - Returns: one flag per entry, in order: true if stored, false if a duplicate.
    /// - Throws: ``StoreError`` if a task id is not in this run (the coordinator checks ids first), or if the disk
    ///   is full or failed (naming the file).
    @discardableResult
    public func storeResults(_ batch: [ResultSubmission]) throws -> [Bool] {
        guard !batch.isEmpty else { return [] }
        return try write { db in
            let now = Date().timeIntervalSince1970
            let state = try db.cachedStatement(sql: "SELECT state FROM task WHERE id = ?")
            let insertResult = try DirectStatement(db, sql: """
                INSERT INTO result (task_id, worker_id, stored_at, eta, reference_loss, reference_diverged_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            let insertCurve = try DirectStatement(db, sql: """
                INSERT INTO curve (task_id, epsilon_index, epsilon, mean_distance, member_distances, member_count,
                                   diverged_members, diverged_at, resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertFit = try DirectStatement(db, sql: """
                INSERT INTO fit (task_id, epsilon_index, eta_index, ic_index, eta, epsilon, lambda, intercept, r_squared,
                                 window_start, window_length, verdict, diverged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Marking the task done first tells whether it was done already (no row changed) in one statement.
            // started_at: when the worker began computing, on the coordinator's clock (stored_at − compute time).
            let markDone = try DirectStatement(db, sql: """
                UPDATE task SET state = 'done', worker_id = ?, started_at = ?, finished_at = ?, compute_seconds = ?
                WHERE id = ? AND state != 'done'
                """)
            var stored: [Bool] = []
            stored.reserveCapacity(batch.count)
            var doneByWorker: [String: Int] = [:]
            for submission in batch {
                let taskID = submission.taskID
                markDone.bind(1, submission.workerID)
                markDone.bind(2, now - submission.computeSeconds)
                markDone.bind(3, now)
                markDone.bind(4, submission.computeSeconds)
                markDone.bind(5, taskID)
                try markDone.run()
                // An entry stored earlier in this batch has already marked its task done in this transaction.
                guard db.changesCount == 1 else {
                    guard try String.fetchOne(state, arguments: [taskID]) != nil else {
                        throw StoreError("no task \(taskID) in the run stored in \(path)")
                    }
                    stored.append(false)
                    continue
                }
                let result = submission.result
                insertResult.bind(1, taskID)
                insertResult.bind(2, submission.workerID)
                insertResult.bind(3, now)
                insertResult.bind(4, result.eta)
                insertResult.bindBlob(5, result.ensemble.referenceLoss)
                insertResult.bind(6, result.ensemble.referenceDivergedAt)
                try insertResult.run()
                for (index, curve) in result.ensemble.curves.enumerated() {
                    insertCurve.bind(1, taskID)
                    insertCurve.bind(2, index)
                    insertCurve.bind(3, curve.epsilon)
                    insertCurve.bindBlob(4, curve.meanDistance)
                    insertCurve.bindBlob(5, curve.memberDistances.map { $0.flatMap { $0 } })
                    insertCurve.bind(6, curve.memberDistances?.count)
                    insertCurve.bind(7, curve.divergedMembers)
                    insertCurve.bind(8, curve.divergedAt)
                    insertCurve.bind(9, curve.resolution)
                    try insertCurve.run()
                }
                if let diagnostics = result.diagnostics {
                    try Self.insertDiagnostics(diagnostics, taskID: taskID, db: db)
                }
                for fit in submission.fits {
                    insertFit.bind(1, taskID)
                    insertFit.bind(2, fit.epsilonIndex)
                    insertFit.bind(3, fit.etaIndex)
                    insertFit.bind(4, fit.icIndex)
                    insertFit.bind(5, fit.eta)
                    insertFit.bind(6, fit.epsilon)
                    insertFit.bind(7, fit.fit?.lambda)
                    insertFit.bind(8, fit.fit?.intercept)
                    insertFit.bind(9, fit.fit?.rSquared)
                    insertFit.bind(10, fit.fit?.window.start)
                    insertFit.bind(11, fit.fit?.window.length)
                    insertFit.bind(12, fit.verdict.rawValue)
                    insertFit.bind(13, fit.divergedAt)
                    try insertFit.run()
                }
                doneByWorker[submission.workerID, default: 0] += 1
                stored.append(true)
            }
            let countDone = try db.cachedStatement(sql: "UPDATE worker SET tasks_done = tasks_done + ? WHERE id = ?")
            for (workerID, count) in doneByWorker {
                try countDone.execute(arguments: [count, workerID])
            }
            return stored
        }
    }

    /// Stores one result durably: ``storeResults(_:)`` with a batch of one.
    ///
    /// - Returns: true if stored, false if the task already had a result (a late duplicate).
    @discardableResult
    public func storeResult(
        _ result: TaskResult, taskID: Int, workerID: String, fits: [ICFit], computeSeconds: Double
    ) throws -> Bool {
        try storeResults([ResultSubmission(taskID: taskID, result: result, workerID: workerID, fits: fits, computeSeconds: computeSeconds)])[0]
    }

    /// Every stored fit, in (η, IC, ε) order.
    public func fits() throws -> [ICFit] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM fit ORDER BY eta_index, ic_index, epsilon_index").map { row in
                let lambda: Double? = row["lambda"]
                let fit = lambda.map { lambda in
                    LyapunovFit(lambda: lambda, intercept: row["intercept"], rSquared: row["r_squared"],
                                window: FitWindow(start: row["window_start"], length: row["window_length"]))
                }
                return ICFit(etaIndex: row["eta_index"], eta: row["eta"], icIndex: row["ic_index"],
                             epsilonIndex: row["epsilon_index"], epsilon: row["epsilon"], fit: fit,
                             verdict: FitVerdict(stored: row["verdict"]), divergedAt: row["diverged_at"])
            }
        }
    }

    /// Every stored result (or those of the given task ids), rebuilt exactly as the worker computed it (diagnostics
    /// included), in task-id order.
    public func results(icCount: Int, taskIDs: [Int]? = nil) throws -> [TaskResult] {
        let only = taskIDs.map { ids in " WHERE task_id IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
        return try read { db in
            let curveRows = try Row.fetchAll(db, sql: "SELECT * FROM curve\(only) ORDER BY task_id, epsilon_index")
            let diagnostics = try Self.diagnostics(db: db, taskIDs: taskIDs)
            var curves: [Int: [DivergenceCurve]] = [:]
            for row in curveRows {
                let memberCount: Int? = row["member_count"]
                let members: [[Double]]? = (row["member_distances"] as Data?).map { blob in
                    let flat = FloatBlob.decode(blob)
                    let count = memberCount ?? 0
                    let length = count == 0 ? 0 : flat.count / count
                    return (0..<count).map { Array(flat[($0 * length)..<(($0 + 1) * length)]) }
                }
                curves[row["task_id"], default: []].append(DivergenceCurve(
                    epsilon: row["epsilon"], meanDistance: FloatBlob.decode(row["mean_distance"]), memberDistances: members,
                    divergedMembers: row["diverged_members"], divergedAt: row["diverged_at"], resolution: row["resolution"]))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM result\(only) ORDER BY task_id").map { row in
                let taskID: Int = row["task_id"]
                let task = SweepTask(id: taskID, icCount: icCount)
                let ensemble = EnsembleResult(
                    referenceLoss: FloatBlob.decode(row["reference_loss"]), referenceDivergedAt: row["reference_diverged_at"],
                    curves: curves[taskID] ?? [])
                return TaskResult(task: task, eta: row["eta"], ensemble: ensemble, diagnostics: diagnostics[taskID])
            }
        }
    }

    /// How many results are stored (one per done task, never more).
    public func resultCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM result") ?? 0 }
    }

    // MARK: - Counters

    /// Adds to a named counter (e.g. rejected frames by reason).
    public func addToCounter(_ name: String, _ amount: Int) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
                arguments: [name, amount])
        }
    }

    /// All counters.
    public func counters() throws -> [String: Int] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, value FROM counter").map {
                ($0["name"] as String, $0["value"] as Int)
            })
        }
    }
}

/// Float64 arrays as little-endian blobs: lossless, 8 bytes a value.
enum FloatBlob {
    static func encode(_ values: [Double]) -> Data {
        #if _endian(little)
        return values.withUnsafeBytes { Data($0) }
        #else
        var data = Data(capacity: values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
        #endif
    }

    static func decode(_ data: Data) -> [Double] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 7, by: 8).map { offset in
            var bits: UInt64 = 0
            for byte in 0..<8 { bits |= UInt64(bytes[offset + byte]) << (8 * byte) }
            return Double(bitPattern: bits)
        }
    }
}
