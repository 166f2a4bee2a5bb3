import Sweep

/// `RESULT`, worker → coordinator: the result of one task and the worker's fits of its curves, with how
/// long it took.
///
/// Decoding checks the result and the fits for internal consistency (see
/// ``WireCodec/decode(_:limits:version:)``); whether they match the sweep (number of ε, curve length T + 1,
/// the `[fit]` rule) is the coordinator's business.
public struct ResultReport: Sendable, Equatable {
    /// The task id of the TASK this answers (≥ 0).
    public var taskID: Int
    /// The computed divergence curves and reference loss.
    public var result: TaskResult
    /// The fit of every curve of ``result``, in curve order: `ICFit.fits(of: result, definition:)` with the
    /// run's sweep, so the coordinator stores exactly what `refit` with the run's `[fit]` table computes.
    ///
    /// Only λ, intercept, R², window, verdict and the divergence step travel; η, the indices and ε are
    /// the result's (a fit whose own disagree does not survive the round trip).
    public var fits: [ICFit]
    /// Wall-clock seconds the worker spent on the task (finite, ≥ 0).
    public var computeSeconds: Double
    /// Trajectory steps computed for the task (≥ 0; 0 when the worker does not count them).
    public var trajectorySteps: Int
    /// More tasks the worker can take (0…``Ready/maximumCredits``), as a READY sent right after this RESULT would
    /// say; usually 1, the slot the task freed.
    public var credits: Int

    /// Creates a RESULT; see the properties for meanings.
    public init(taskID: Int, result: TaskResult, fits: [ICFit], computeSeconds: Double, trajectorySteps: Int, credits: Int = 0) {
        self.taskID = taskID
        self.result = result
        self.fits = fits
        self.computeSeconds = computeSeconds
        self.trajectorySteps = trajectorySteps
        self.credits = credits
    }

    /// Creates the RESULT of `result`, fitting its curves with `definition`'s `[fit]` table
    /// (`ICFit.fits(of:definition:)`); this is how a worker reports a computed task.
    public init(taskID: Int, result: TaskResult, definition: SweepDefinition, computeSeconds: Double, trajectorySteps: Int,
                credits: Int = 0) {
        self.init(
            taskID: taskID, result: result, fits: ICFit.fits(of: result, definition: definition),
            computeSeconds: computeSeconds, trajectorySteps: trajectorySteps, credits: credits)
    }
}

extension ResultReport {
    /// The protobuf payload.
    var proto: PBResultReport {
        var proto = PBResultReport()
        proto.taskID = Int64(taskID)
        proto.result = result.proto
        proto.computeSeconds = computeSeconds
        proto.trajectorySteps = Int64(trajectorySteps)
        proto.fits = fits.map(\.proto)
        proto.credits = Int64(credits)
        return proto
    }

    /// Validates a decoded payload; the result must be present and consistent, with one consistent fit per curve.
    init(validating proto: PBResultReport) throws(WireError) {
        let taskID = try Validate.int(proto.taskID, "RESULT.taskID")
        guard proto.hasResult else { throw Validate.inconsistent("RESULT.result is missing") }
        let result = try TaskResult(validating: proto.result)
        self.init(
            taskID: taskID,
            result: result,
            fits: try ICFit.fits(validating: proto.fits, of: result),
            computeSeconds: try Validate.nonNegative(proto.computeSeconds, "RESULT.computeSeconds"),
            trajectorySteps: try Validate.int(proto.trajectorySteps, "RESULT.trajectorySteps"),
            credits: try Validate.int(proto.credits, "RESULT.credits", maximum: Ready.maximumCredits))
    }
}
