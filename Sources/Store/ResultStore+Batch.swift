import Sweep

// TEMPORARY until the group-commit store lands: one transaction per result.
public struct ResultSubmission: Sendable {
    public var taskID: Int
    public var result: TaskResult
    public var workerID: String
    public var fits: [ICFit]
    public var computeSeconds: Double
    public init(taskID: Int, result: TaskResult, workerID: String, fits: [ICFit], computeSeconds: Double) {
        self.taskID = taskID; self.result = result; self.workerID = workerID; self.fits = fits; self.computeSeconds = computeSeconds
    }
}

extension ResultStore {
    public func storeResults(_ batch: [ResultSubmission]) throws -> [Bool] {
        try batch.map { try storeResult($0.result, taskID: $0.taskID, workerID: $0.workerID, fits: $0.fits, computeSeconds: $0.computeSeconds) }
    }
}
