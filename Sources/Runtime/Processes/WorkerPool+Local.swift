import Coordinator
import Foundation

extension WorkerPool {
    /// `run`'s local workers: `count` `lyapsweep worker` processes, each one process connected to `endpoint`, that
    /// exit with this process, give up 30 s after losing their coordinator, log at `logLevel`, and are started again
    /// while `coordinator` is not finished; nil for no process (a resumed run with nothing left).
    public static func local(count: Int, endpoint: String, logLevel: String, coordinator: Coordinator) -> WorkerPool? {
        guard count > 0 else { return nil }
        let arguments = ["worker", "--connect", endpoint, "--processes", "1", "--parent-pid", "\(getpid())",
                         "--give-up-after", "30", "--log-level", logLevel]
        return WorkerPool(count: count, arguments: arguments,
                          policy: .init(workIsDone: { coordinator.isFinished }) { _ in !coordinator.isFinished })
    }
}
