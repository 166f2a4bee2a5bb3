import Sweep

/// One worker result to store: what ``ResultStore/storeResults(_:)`` takes for each entry of a batch.
public struct ResultSubmission: Sendable {
    /// The task's id in the run (`etaIndex * icCapacity + icIndex`).
    public var taskID: Int
    /// What the worker computed.
    public var result: TaskResult
    /// The worker that delivered it (its `tasks_done` counts the result if it is stored).
    public var workerID: String
    /// The run's fits of the result's curves (one per ε).
    public var fits: [ICFit]
    /// The worker's compute time for the task, in seconds.
    public var computeSeconds: Double

    /// Creates a submission; see the properties for meanings.
    public init(taskID: Int, result: TaskResult, workerID: String, fits: [ICFit], computeSeconds: Double) {
        self.taskID = taskID
        self.result = result
        self.workerID = workerID
        self.fits = fits
        self.computeSeconds = computeSeconds
    }
}
