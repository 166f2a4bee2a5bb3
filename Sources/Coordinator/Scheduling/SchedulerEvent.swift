/// Something that happened to the coordinator, as the ``Scheduler`` sees it.
///
/// The broker turns every valid frame into one event (a frame that fails validation never becomes one) and
/// adds the events it makes itself: results made durable, a task that could not be sent, and the passing of time.
public enum SchedulerEvent: Sendable, Equatable {
    /// A worker said HELLO, listing the tasks it holds (computing, or with a result not yet acknowledged).
    case hello(PeerIdentity, WorkerIdentity, heldTaskIDs: [Int])
    /// A worker can take `credits` more tasks.
    case ready(PeerIdentity, credits: Int)
    /// A worker is alive; it has done `stepsInProgress` trajectory-steps of its running task.
    case heartbeat(PeerIdentity, stepsInProgress: Int)
    /// A worker returned the result of a task (its shape was already checked against the sweep) and, with it,
    /// asks for `credits` more tasks, as a READY would (the result frees the slot its task took).
    case result(PeerIdentity, taskID: Int, computeSeconds: Double, credits: Int)
    /// The results of these tasks are durable in the store.
    case stored([Int])
    /// A worker reports that a worker process (`crashedWorkerID`, or the reporter itself when nil) died while
    /// computing a task: a crash of the task, not of the infrastructure.
    case crashReport(PeerIdentity, taskID: Int, crashedWorkerID: String?, reason: String)
    /// A TASK could not be sent to a worker (it is gone, or its queue is full).
    case unreachable(PeerIdentity, taskID: Int)
    /// Time passed: check liveness and leases.
    case tick
}

/// What the ``Scheduler`` asks the broker to do. The broker carries actions out in the order given.
public enum SchedulerAction: Sendable, Equatable {
    /// Send WELCOME (the sweep) to a worker that said HELLO.
    case welcome(PeerIdentity)
    /// Send this task to this worker, with this lease.
    case assign(PeerIdentity, taskID: Int, lease: Duration)
    /// Store this result durably, then report ``SchedulerEvent/stored(_:)``; acknowledge nothing before.
    case store(PeerIdentity, taskID: Int)
    /// Send ACK: the task's result is durable.
    case acknowledge(PeerIdentity, taskID: Int)
    /// Drop a result and count it by reason; nothing is stored or acknowledged.
    case refuseResult(PeerIdentity, taskID: Int, reason: RefusedResult)
    /// Tell a peer this coordinator does not know it (it restarted): the worker says HELLO again.
    case askToRegister(PeerIdentity)
    /// A worker was declared dead (silent past the liveness window, or its process crashed); its tasks were re-queued.
    case workerLost(WorkerSession, reason: String, requeued: [Int])
    /// A worker let too many leases expire: send it SHUTDOWN with the reason; its tasks were re-queued.
    case workerDropped(WorkerSession, reason: String, requeued: [Int])
    /// A task went back to the front of the queue.
    case requeued(taskID: Int, reason: RequeueReason)
    /// A task is given up: record it as failed, with the reason.
    case failed(taskID: Int, reason: String)
    /// Every task is done or failed.
    case complete
}

/// Why a result was dropped.
public enum RefusedResult: String, Sendable, Equatable, CaseIterable {
    /// The sender never said HELLO (or this coordinator restarted since).
    case unregistered = "result_unregistered"
    /// The task was never sent to this worker.
    case notAssigned = "result_not_assigned"
    /// The task id is not one of this sweep's.
    case notInSweep = "result_not_in_sweep"

    /// The counter this refusal feeds.
    public var counterName: String { rawValue }
}

/// Why a task went back to the queue.
public enum RequeueReason: Sendable, Equatable {
    /// Its worker was lost (died, was killed, was cut off): not held against the task.
    case workerLost(workerID: String, host: String)
    /// Its lease ran out while its worker still heartbeats; the worker may still deliver.
    case leaseExpired(workerID: String)
    /// Its worker process crashed while computing it.
    case crashed(workerID: String)
    /// It could not be sent.
    case unreachable(workerID: String)
}
