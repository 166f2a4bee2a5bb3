import Coordinator
import Testing

/// An adaptive sweep reserves ids it creates later: they are neither handed out nor counted until created.
@Suite("Scheduler: tasks created while the sweep runs")
struct SchedulerGrowthTests {
    @Test("absent ids are not handed out, not counted and refused as results; created ones are queued and dispatched")
    func absentThenCreated() {
        var h = SchedulerHarness(total: 0)
        h.scheduler = Scheduler(total: 6, absent: [2, 3, 4, 5], configuration: SchedulerConfiguration(), now: h.now)
        #expect(h.scheduler.total == 2)
        let first = h.join("w", credits: 6)
        #expect(assigned(first, to: "w") == [0, 1])
        #expect(h.send(.result(peer("w"), taskID: 4, computeSeconds: 1, credits: 0)).contains(.refuseResult(peer("w"), taskID: 4, reason: .notInSweep)))
        _ = h.deliver("w", 0)
        let done = h.deliver("w", 1)
        #expect(done.contains(.complete), "every task created so far is done")
        let grown = h.scheduler.create([3, 2], now: h.now)
        #expect(h.scheduler.total == 4 && !h.scheduler.isComplete)
        #expect(assigned(grown, to: "w") == [2, 3])
        _ = h.deliver("w", 2)
        #expect(h.deliver("w", 3).contains(.complete), "the end is announced again once the new tasks are done")
        #expect(h.scheduler.create([2], now: h.now).isEmpty, "creating a task twice changes nothing")
    }
}
