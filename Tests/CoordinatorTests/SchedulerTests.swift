import Coordinator
import Testing

/// A scheduler driven by hand, with a clock that moves only when told.
struct SchedulerHarness {
    var scheduler: Scheduler
    var now: ContinuousClock.Instant

    init(total: Int, done: [Int] = [], failed: [Int] = [], configuration: SchedulerConfiguration = SchedulerConfiguration()) {
        now = ContinuousClock.now
        scheduler = Scheduler(total: total, done: done, failed: failed, configuration: configuration, now: now)
    }

    mutating func send(_ event: SchedulerEvent) -> [SchedulerAction] { scheduler.handle(event, now: now) }

    mutating func advance(_ duration: Duration) -> [SchedulerAction] {
        now += duration
        return send(.tick)
    }

    /// Registers a worker on `host` and grants it `credits`; returns the actions of the READY.
    mutating func join(_ name: String, host: String = "h1", credits: Int = 2, held: [Int] = []) -> [SchedulerAction] {
        _ = send(.hello(peer(name), WorkerIdentity(id: name, host: host, pid: 1), heldTaskIDs: held))
        return send(.ready(peer(name), credits: credits))
    }

    /// Delivers a result and, if the scheduler asks to store it, reports it durable; returns both steps' actions.
    mutating func deliver(_ name: String, _ id: Int) -> [SchedulerAction] {
        let actions = send(.result(peer(name), taskID: id, computeSeconds: 1, credits: 0))
        guard actions.contains(.store(peer(name), taskID: id)) else { return actions }
        return actions + send(.stored([id]))
    }
}

func peer(_ name: String) -> PeerIdentity { Array(name.utf8) }

/// The task ids assigned by a list of actions, per worker name.
func assigned(_ actions: [SchedulerAction], to name: String) -> [Int] {
    actions.compactMap { if case .assign(let p, let id, _) = $0, p == peer(name) { return id } else { return nil } }
}

@Suite("Scheduler: the coordinator's rules, without sockets")
struct SchedulerTests {
    @Test("A worker is never sent more tasks than its credits, nor more than the per-worker cap")
    func creditsAreNeverExceeded() {
        var harness = SchedulerHarness(total: 100, configuration: SchedulerConfiguration(maxTasksPerWorker: 5))
        #expect(assigned(harness.join("a", credits: 2), to: "a") == [0, 1])
        #expect(assigned(harness.send(.ready(peer("a"), credits: 100)), to: "a") == [2, 3, 4])
        #expect(harness.scheduler.sessions[peer("a")]?.inFlight.count == 5)
        #expect(assigned(harness.send(.ready(peer("a"), credits: 1)), to: "a").isEmpty)
        // A result frees a slot, and a READY after it fills it again.
        _ = harness.deliver("a", 0)
        #expect(assigned(harness.send(.ready(peer("a"), credits: 1)), to: "a") == [5])
    }

    @Test("A result's credits work like a READY after it: the freed slot is refilled, the cap still holds, and a refused result still grants them")
    func resultCarriesCredits() {
        var harness = SchedulerHarness(total: 100, configuration: SchedulerConfiguration(maxTasksPerWorker: 2))
        #expect(assigned(harness.join("a", credits: 2), to: "a") == [0, 1])
        // At the cap: the result frees one slot, and of the 5 credits it carries only that one can be used.
        let actions = harness.send(.result(peer("a"), taskID: 0, computeSeconds: 1, credits: 5))
        #expect(actions.contains(.store(peer("a"), taskID: 0)))
        #expect(assigned(actions, to: "a") == [2])
        #expect(harness.scheduler.sessions[peer("a")]?.credits == 0)
        // A result of a task it does not hold is refused, and its credit is granted (the worker's slot is free).
        _ = harness.send(.stored([0]))
        _ = harness.send(.result(peer("a"), taskID: 1, computeSeconds: 1, credits: 0))
        let refused = harness.send(.result(peer("a"), taskID: 50, computeSeconds: 1, credits: 1))
        #expect(refused.contains(.refuseResult(peer("a"), taskID: 50, reason: .notAssigned)))
        #expect(assigned(refused, to: "a") == [3])
    }

    @Test("Workers with credit take turns")
    func workersTakeTurns() {
        var harness = SchedulerHarness(total: 100)
        _ = harness.send(.hello(peer("a"), WorkerIdentity(id: "a", host: "h", pid: 1), heldTaskIDs: []))
        _ = harness.send(.hello(peer("b"), WorkerIdentity(id: "b", host: "h", pid: 2), heldTaskIDs: []))
        #expect(assigned(harness.send(.ready(peer("a"), credits: 2)), to: "a") == [0, 1])
        #expect(assigned(harness.send(.ready(peer("b"), credits: 2)), to: "b") == [2, 3])
    }

    @Test("A result is stored first and acknowledged only once it is durable")
    func durableThenAcknowledged() {
        var harness = SchedulerHarness(total: 3)
        _ = harness.join("a")
        let accepted = harness.send(.result(peer("a"), taskID: 0, computeSeconds: 1, credits: 0))
        #expect(accepted.contains(.store(peer("a"), taskID: 0)))
        #expect(!accepted.contains(.acknowledge(peer("a"), taskID: 0)))
        #expect(harness.send(.stored([0])).contains(.acknowledge(peer("a"), taskID: 0)))
        #expect(harness.scheduler.doneCount == 1)
    }

    @Test("A silent worker's tasks go to the front of the queue, without counting against them")
    func silentWorkersTasksGoToTheFront() {
        var harness = SchedulerHarness(total: 10, configuration: SchedulerConfiguration(liveness: .seconds(5)))
        #expect(assigned(harness.join("a"), to: "a") == [0, 1])
        #expect(assigned(harness.join("b", credits: 1), to: "b") == [2])
        _ = harness.advance(.seconds(3))
        _ = harness.send(.heartbeat(peer("b"), stepsInProgress: 0))
        let tick = harness.advance(.seconds(3))
        #expect(tick.contains { if case .workerLost(let session, _, let requeued) = $0 { session.id == "a" && requeued == [0, 1] } else { false } })
        #expect(harness.scheduler.sessions[peer("a")] == nil)
        _ = harness.deliver("b", 2)
        // The lost tasks come before never-started ones (most recently lost first).
        #expect(assigned(harness.send(.ready(peer("b"), credits: 3)), to: "b") == [1, 0, 3])
        #expect(harness.scheduler.failedCount == 0)
    }

    @Test("A worker declared dead that comes back keeps its tasks-done count and leaves the departed list")
    func countersSurviveAReconnect() {
        var harness = SchedulerHarness(total: 10, configuration: SchedulerConfiguration(liveness: .seconds(5)))
        #expect(assigned(harness.join("a"), to: "a") == [0, 1])
        _ = harness.deliver("a", 0)
        _ = harness.deliver("a", 1)
        _ = harness.advance(.seconds(6))
        #expect(harness.scheduler.departed.map(\.session.id) == ["a"])
        #expect(assigned(harness.join("a", credits: 1), to: "a").count == 1)
        #expect(harness.scheduler.departed.isEmpty)
        #expect(harness.scheduler.sessions[peer("a")]?.tasksDone == 2)
        #expect(harness.scheduler.sessions[peer("a")]?.computeSeconds == 2)
        // Registering again while connected (a reconnection the coordinator did not notice) keeps them too.
        _ = harness.deliver("a", 2)
        _ = harness.join("a", credits: 0)
        #expect(harness.scheduler.sessions[peer("a")]?.tasksDone == 3)
    }

    @Test("A task lost with its worker on one host again and again is not failed; on 3 distinct hosts it is")
    func lossesOnDistinctHostsFailATask() {
        let configuration = SchedulerConfiguration(maxTasksPerWorker: 1, failAfter: 3, liveness: .seconds(1))
        var oneHost = SchedulerHarness(total: 2, configuration: configuration)
        for round in 0..<5 {
            #expect(assigned(oneHost.join("w\(round)", host: "node", credits: 1), to: "w\(round)") == [0])
            _ = oneHost.advance(.seconds(2))
        }
        #expect(oneHost.scheduler.failedCount == 0)
        #expect(oneHost.scheduler.phases[0] == .pending)

        var hosts = SchedulerHarness(total: 2, configuration: configuration)
        var failures: [SchedulerAction] = []
        for round in 0..<3 {
            #expect(assigned(hosts.join("w\(round)", host: "node\(round)", credits: 1), to: "w\(round)") == [0])
            failures += hosts.advance(.seconds(2)).filter { if case .failed = $0 { true } else { false } }
        }
        #expect(failures == [.failed(taskID: 0, reason: "lost with its worker on 3 distinct hosts")])
        #expect(hosts.scheduler.phases[0] == .failed)
    }

    @Test("A task that crashes 3 distinct worker processes fails; fewer crashes re-queue it")
    func crashesFailATask() {
        var harness = SchedulerHarness(total: 3, configuration: SchedulerConfiguration(maxTasksPerWorker: 1, failAfter: 3))
        for round in 0..<3 {
            let name = "w\(round)"
            #expect(assigned(harness.join(name, credits: 1), to: name) == [0])
            // Its successor process reports the crash.
            _ = harness.send(.hello(peer("s\(round)"), WorkerIdentity(id: "s\(round)", host: "h1", pid: 9), heldTaskIDs: []))
            let actions = harness.send(.crashReport(peer("s\(round)"), taskID: 0, crashedWorkerID: name, reason: "signal 11"))
            #expect(harness.scheduler.sessions[peer(name)] == nil, "the crashed worker is gone at once")
            if round < 2 {
                #expect(actions.contains(.requeued(taskID: 0, reason: .crashed(workerID: name))))
            } else {
                #expect(actions.contains { if case .failed(0, _) = $0 { true } else { false } })
            }
        }
        #expect(harness.scheduler.failedCount == 1)
        // The other tasks still complete, and then the sweep is complete, with one failure.
        #expect(assigned(harness.join("last", credits: 1), to: "last") == [1])
        _ = harness.deliver("last", 1)
        #expect(assigned(harness.send(.ready(peer("last"), credits: 1)), to: "last") == [2])
        #expect(harness.deliver("last", 2).contains(.complete))
    }

    @Test("A late duplicate is acknowledged and not stored again")
    func lateDuplicateIsAcknowledgedNotStored() {
        var harness = SchedulerHarness(total: 5, configuration: SchedulerConfiguration(
            liveness: .seconds(100), lease: LeasePolicy(floor: .seconds(1), cap: .seconds(1)), maxExpiredLeases: 10))
        #expect(assigned(harness.join("slow", credits: 1), to: "slow") == [0])
        _ = harness.advance(.seconds(2))
        #expect(assigned(harness.join("fast", credits: 1), to: "fast") == [0], "the expired lease's task is handed out again")
        _ = harness.deliver("fast", 0)
        let late = harness.send(.result(peer("slow"), taskID: 0, computeSeconds: 1, credits: 0))
        #expect(late == [.acknowledge(peer("slow"), taskID: 0)] || late.first == .acknowledge(peer("slow"), taskID: 0))
        #expect(!late.contains { if case .store = $0 { true } else { false } })
        #expect(harness.scheduler.duplicateCount == 1)
    }

    @Test("Two results of one task in the same commit: one is stored, both are acknowledged after it")
    func duplicateWhileStoring() {
        var harness = SchedulerHarness(total: 2, configuration: SchedulerConfiguration(
            liveness: .seconds(100), lease: LeasePolicy(floor: .seconds(1), cap: .seconds(1)), maxExpiredLeases: 10))
        _ = harness.join("a", credits: 1)
        _ = harness.advance(.seconds(2))
        _ = harness.join("b", credits: 1)
        #expect(harness.send(.result(peer("a"), taskID: 0, computeSeconds: 1, credits: 0)).contains(.store(peer("a"), taskID: 0)))
        #expect(harness.send(.result(peer("b"), taskID: 0, computeSeconds: 1, credits: 0)).isEmpty)
        let acks = harness.send(.stored([0]))
        #expect(acks.prefix(2) == [.acknowledge(peer("a"), taskID: 0), .acknowledge(peer("b"), taskID: 0)])
    }

    @Test("Results from strangers, for tasks never assigned, or outside the sweep are refused and counted")
    func resultsOnlyFromTheAssignee() {
        var harness = SchedulerHarness(total: 4)
        #expect(harness.send(.result(peer("x"), taskID: 0, computeSeconds: 1, credits: 0))
                == [.refuseResult(peer("x"), taskID: 0, reason: .unregistered), .askToRegister(peer("x"))])
        _ = harness.join("a", credits: 1)
        #expect(harness.send(.result(peer("a"), taskID: 3, computeSeconds: 1, credits: 0)) == [.refuseResult(peer("a"), taskID: 3, reason: .notAssigned)])
        #expect(harness.send(.result(peer("a"), taskID: 99, computeSeconds: 1, credits: 0)) == [.refuseResult(peer("a"), taskID: 99, reason: .notInSweep)])
        #expect(harness.scheduler.refusedResults == [.unregistered: 1, .notAssigned: 1, .notInSweep: 1])
        #expect(harness.scheduler.doneCount == 0)
        #expect(harness.deliver("a", 0).contains(.acknowledge(peer("a"), taskID: 0)))
    }

    @Test("A worker that heartbeats but never answers loses its tasks when their leases run out, and is dropped")
    func leasesAreEnforced() {
        var harness = SchedulerHarness(total: 20, configuration: SchedulerConfiguration(
            maxTasksPerWorker: 2, liveness: .seconds(100), lease: LeasePolicy(floor: .seconds(1), factor: 4), maxExpiredLeases: 2))
        #expect(assigned(harness.join("stuck", credits: 2), to: "stuck") == [0, 1])
        #expect(assigned(harness.join("good", credits: 2), to: "good") == [2, 3])
        // Before any result the lease is the cap: nothing expires.
        #expect(harness.advance(.seconds(10)).isEmpty)
        for id in [2, 3] { _ = harness.deliver("good", id) }
        // Mean task time 1 s: the stuck worker's leases are 4 s and 8 s, long past.
        _ = harness.send(.heartbeat(peer("stuck"), stepsInProgress: 0))
        let expiry = harness.advance(.milliseconds(100))
        #expect(expiry.contains(.requeued(taskID: 0, reason: .leaseExpired(workerID: "stuck"))))
        #expect(expiry.contains { if case .workerDropped(let session, _, _) = $0 { session.id == "stuck" } else { false } })
        #expect(assigned(harness.send(.ready(peer("good"), credits: 2)), to: "good").sorted() == [0, 1])
    }

    @Test("A restarted coordinator re-admits a worker's unacknowledged results")
    func restartReadmitsHeldResults() {
        // Tasks 0–3 were done before the restart; the worker holds results of 4 and 5, never acknowledged.
        var harness = SchedulerHarness(total: 8, done: [0, 1, 2, 3])
        _ = harness.send(.hello(peer("w"), WorkerIdentity(id: "w", host: "h", pid: 1), heldTaskIDs: [4, 5, 2]))
        #expect(harness.scheduler.sessions[peer("w")]?.inFlight == [4, 5])
        #expect(harness.deliver("w", 4).contains(.acknowledge(peer("w"), taskID: 4)))
        #expect(harness.deliver("w", 5).contains(.acknowledge(peer("w"), taskID: 5)))
        // A done task is not re-admitted: its resent result is refused (the worker had it acknowledged).
        #expect(harness.send(.result(peer("w"), taskID: 2, computeSeconds: 1, credits: 0)) == [.refuseResult(peer("w"), taskID: 2, reason: .notAssigned)])
        // Past the adoption window a HELLO claims nothing.
        _ = harness.advance(.seconds(60))
        _ = harness.send(.hello(peer("v"), WorkerIdentity(id: "v", host: "h", pid: 2), heldTaskIDs: [6]))
        #expect(harness.scheduler.sessions[peer("v")]?.inFlight == [])
    }

    @Test("The sweep ends exactly when every task is done or failed, once")
    func completeExactlyOnce() {
        var harness = SchedulerHarness(total: 3, done: [0], failed: [1])
        _ = harness.join("a", credits: 2)
        let accepted = harness.send(.result(peer("a"), taskID: 2, computeSeconds: 1, credits: 0))
        #expect(!accepted.contains(.complete), "not before the result is durable")
        #expect(harness.send(.stored([2])).contains(.complete))
        #expect(!harness.advance(.seconds(1)).contains(.complete))
        #expect(SchedulerHarness(total: 2, done: [0, 1]).scheduler.isComplete)
    }

    @Test("While dispatch is paused nothing is handed out")
    func pausedDispatch() {
        var harness = SchedulerHarness(total: 3)
        harness.scheduler.dispatchPaused = true
        #expect(assigned(harness.join("a", credits: 2), to: "a").isEmpty)
        harness.scheduler.dispatchPaused = false
        #expect(assigned(harness.send(.tick), to: "a") == [0, 1])
    }

    @Test("A TASK that cannot be sent goes back to the queue and the worker gets no more until its next READY")
    func unreachableWorker() {
        var harness = SchedulerHarness(total: 3)
        _ = harness.join("a", credits: 2)
        let actions = harness.send(.unreachable(peer("a"), taskID: 1))
        #expect(actions.contains(.requeued(taskID: 1, reason: .unreachable(workerID: "a"))))
        #expect(harness.scheduler.sessions[peer("a")]?.credits == 0)
        #expect(assigned(harness.join("b", credits: 1), to: "b") == [1])
    }
}

@Suite("LeasePolicy")
struct LeasePolicyTests {
    @Test("The lease is the cap before any measurement, then factor × mean × (1 + ahead) within floor and cap")
    func leaseLength() {
        let policy = LeasePolicy(floor: .seconds(10), cap: .seconds(100), factor: 4)
        #expect(policy.duration(meanTaskSeconds: nil, ahead: 0) == .seconds(100))
        #expect(policy.duration(meanTaskSeconds: 0.5, ahead: 0) == .seconds(10))
        #expect(policy.duration(meanTaskSeconds: 5, ahead: 1) == .seconds(40))
        #expect(policy.duration(meanTaskSeconds: 50, ahead: 3) == .seconds(100))
        #expect(policy.duration(meanTaskSeconds: .infinity, ahead: 0) == .seconds(100))
    }
}
