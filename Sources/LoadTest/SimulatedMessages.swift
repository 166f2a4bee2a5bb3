import Foundation
import Sweep
import Wire

/// The messages a simulated worker sends, built in one place so that a change of the wire protocol
/// (new fields of RESULT or HELLO) is a change here only.
struct SimulatedMessages {
    /// A real result of task 0 of the sweep, computed once; every RESULT is a copy with the task's indices and η.
    let template: TaskResult
    /// The sweep's learning rates, by η index.
    let etas: [Double]
    /// The frames of the HEARTBEAT every simulated worker sends (encoded once).
    let heartbeat: [[UInt8]]
    /// The frames of READY(1), sent after each RESULT to give back the credit its TASK used (encoded once).
    let readyOne: [[UInt8]]

    init(template: TaskResult, etas: [Double]) {
        self.template = template
        self.etas = etas
        heartbeat = WireCodec.encode(.heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: 0)))
        readyOne = WireCodec.encode(.ready(Ready(credits: 1)))
    }

    /// The HELLO of simulated worker `workerID`.
    func hello(workerID: String) -> [[UInt8]] {
        WireCodec.encode(.hello(Hello(
            workerID: workerID, host: "loadtest", pid: Int(getpid()), processes: 1, softwareVersion: LyapsweepVersion.current)))
    }

    /// The RESULT answering `assignment`: the template with the task's (IC, η index) and η, so that the
    /// coordinator's shape check accepts it. Encoded once per task; resends reuse the frames.
    func result(for assignment: TaskAssignment) -> [[UInt8]] {
        var result = template
        result.task = assignment.task
        result.eta = etas[assignment.task.etaIndex]
        return WireCodec.encode(.result(ResultReport(taskID: assignment.taskID, result: result, computeSeconds: 0, trajectorySteps: 0)))
    }

    /// The READY a worker sends after a WELCOME, asking for `credits` tasks.
    func ready(credits: Int) -> [[UInt8]] {
        WireCodec.encode(.ready(Ready(credits: credits)))
    }

    /// Bytes of curves and reference loss in one result (Float64 points × 8), as the store writes them.
    var curveBytesPerResult: Int {
        8 * (template.ensemble.referenceLoss.count + template.ensemble.curves.reduce(0) { $0 + $1.meanDistance.count })
    }
}
