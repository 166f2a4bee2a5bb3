import Foundation
import Sweep
import Wire

/// The messages a simulated worker sends, built in one place so that a change of the wire protocol
/// (new fields of RESULT or HELLO) is a change here only.
struct SimulatedMessages {
    /// A real result of task 0 of the sweep, computed once; every RESULT is a copy with the task's indices and η.
    let template: TaskResult
    /// The template's RESULT, encoded once.
    let encodedTemplate: ResultTemplate
    /// The sweep's learning rates, by η index.
    let etas: [Double]
    /// The frames of the HEARTBEAT every simulated worker sends (encoded once).
    let heartbeat: [[UInt8]]

    init(template: TaskResult, definition: SweepDefinition) {
        self.template = template
        // The template's fits under the sweep's rule, as a worker sends them (every RESULT has the same curves).
        encodedTemplate = ResultTemplate(ResultReport(
            taskID: 0, result: template, definition: definition, computeSeconds: 0, trajectorySteps: 0))
        etas = definition.training.etas
        heartbeat = WireCodec.encode(.heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: 0)))
    }

    /// The HELLO of simulated worker `workerID`.
    func hello(workerID: String, holding held: [Int]) -> [[UInt8]] {
        WireCodec.encode(.hello(Hello(
            workerID: workerID, host: "loadtest", pid: Int(getpid()), processes: 1, softwareVersion: LyapsweepVersion.current,
            heldTaskIDs: Array(held.sorted().prefix(Hello.maxHeldTaskIDs)))))
    }

    /// The RESULT answering `assignment` (asking for no credits): the template with the task's (IC, η index) and
    /// η, so that the coordinator's shape check accepts it. Only the task's own fields are encoded per task
    /// (``ResultTemplate``); resends reuse the frames.
    func result(for assignment: TaskAssignment) -> [[UInt8]] {
        encodedTemplate.frames(taskID: assignment.taskID, task: assignment.task, eta: etas[assignment.task.etaIndex])
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
