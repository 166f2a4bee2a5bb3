import Foundation
import Testing
import Wire
@testable import Worker

/// A real worker against a coordinator the test plays on a loopback ROUTER, with the real wire messages.
@Suite("Worker process", .serialized)
struct WorkerProcessTests {
    @Test("a finished task's RESULT leaves within a few milliseconds, not at the next timer tick")
    func resultLeavesAtOnce() throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        let identity = try #require(try coordinator.welcomeWorker())
        // One task at a time: every TASK → RESULT exchange shows the worker's whole overhead.
        let served = try coordinator.serve(identity, taskCount: 200, maximumPerWorker: 1)
        #expect(try worker.waitForExit() == .shutdown)
        #expect(served.results.count == 200)
        let overheads = served.overheads.sorted()
        let median: Double = try #require(overheads.dropFirst(overheads.count / 2).first)
        let statistics = worker.process.statistics
        let resultWait = try #require(statistics.resultWait.medianSeconds)
        print("one task at a time: \(Int(Double(served.results.count) / served.elapsed)) tasks/s, TASK→RESULT overhead median "
            + "\(Int(median * 1e6)) µs; worker: \(statistics.summary)")
        #expect(median < 0.025)
        #expect(resultWait < 0.025)
        #expect(statistics.resultsSent == 200)
    }

    @Test(
        "a sweep of tiny tasks: every task computed once, and the worker's overhead per task reported",
        arguments: [([4, 10, 3], 10, false), ([4, 2, 3], 2, true)])
    func tinyTaskSweep(layers: [Int], steps: Int, acknowledgeWithTasks: Bool) throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        let identity = try #require(try coordinator.welcomeWorker(sweep: tinySweep(layers: layers, steps: steps)))
        // Acknowledged by ACK messages, or by the ids the next TASKs carry: either way each result is forgotten once.
        let served = try coordinator.serve(identity, taskCount: 2000, maximumPerWorker: 64, acknowledgeWithTasks: acknowledgeWithTasks)
        #expect(try worker.waitForExit() == .shutdown)
        #expect(served.results.map(\.taskID).sorted() == Array(0..<2000))
        let statistics = worker.process.statistics
        print("tiny tasks (\(layers), T = \(steps)), 1 worker, answered at once: "
            + "\(Int(Double(served.results.count) / served.elapsed)) tasks/s, "
            + "largest in flight \(served.largestInFlight); worker: \(statistics.summary)")
        #expect(statistics.tasksComputed == 2000)
        #expect(statistics.duplicateTasks == 0)
        #expect(statistics.receiveDecode.count == 2000)
        #expect(statistics.encodeSend.count == 2000)
        #expect(statistics.acknowledgementRoundTrip.count == 2000)
        #expect(statistics.creditRoundTrip.count > 0)
    }

    @Test("the worker asks for more tasks when its tasks are short next to the round trip")
    func creditsGrowWithRoundTrip() throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        let identity = try #require(try coordinator.welcomeWorker())
        coordinator.oneWayDelay = 0.01
        let served = try coordinator.serve(identity, taskCount: 600, maximumPerWorker: 64)
        #expect(try worker.waitForExit() == .shutdown)
        #expect(served.results.map(\.taskID).sorted() == Array(0..<600))
        let statistics = worker.process.statistics
        print("10 ms round trip (coordinator → worker delayed): \(Int(Double(served.results.count) / served.elapsed)) tasks/s, largest in flight "
            + "\(served.largestInFlight); worker: \(statistics.summary)")
        // With 2 tasks in flight the worker would sit idle most of each 10 ms round trip; it asks for more.
        #expect(statistics.largestTargetInFlight > 4)
        #expect(served.largestInFlight > 4)
        #expect(served.readyCredits.contains { $0 > 1 })
        #expect(statistics.tasksComputed == 600)
    }

    @Test("a re-sent TASK is not computed twice: one computing is ignored, one computed is answered with its result")
    func resentTaskComputedOnce() throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        let identity = try #require(try coordinator.welcomeWorker())
        try coordinator.send(PlayedCoordinator.task(7), to: identity)
        try coordinator.send(PlayedCoordinator.task(7), to: identity)
        let first = try #require(try coordinator.expect { if case .result(let report) = $0 { report } else { nil } })
        #expect(first.value.taskID == 7)
        try coordinator.send(PlayedCoordinator.task(7), to: identity)
        let again = try #require(try coordinator.expect { if case .result(let report) = $0 { report } else { nil } })
        // The same result; the resend gives back the TASK's credit with a READY of its own, not on the RESULT.
        var firstWithoutCredits = first.value
        firstWithoutCredits.credits = 0
        #expect(again.value == firstWithoutCredits)
        // Nothing else comes back for task 7.
        let more = try coordinator.expect(timeout: 0.3) { if case .result(let report) = $0 { report } else { nil } }
        #expect(more == nil)
        try coordinator.send(.shutdown(Shutdown(reason: "done")), to: identity)
        #expect(try worker.waitForExit() == .shutdown)
        let statistics = worker.process.statistics
        #expect(statistics.tasksComputed == 1)
        #expect(statistics.duplicateTasks == 2)
        #expect(statistics.resultsResent == 1)
    }

    @Test("results not acknowledged are sent again after a new WELCOME, acknowledged ones are not")
    func unacknowledgedResentAfterWelcome() throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        let identity = try #require(try coordinator.welcomeWorker())
        try coordinator.send(PlayedCoordinator.task(1), to: identity)
        try coordinator.send(PlayedCoordinator.task(2), to: identity)
        var results: [Int: ResultReport] = [:]
        while results.count < 2 {
            let result = try #require(try coordinator.expect { if case .result(let report) = $0 { report } else { nil } })
            results[result.value.taskID] = result.value
        }
        try coordinator.send(.ack(Ack(taskID: 1)), to: identity)
        // "I do not know you" (a restarted coordinator): the worker says HELLO again and is welcomed anew.
        try coordinator.send(.reject(Reject.notRegistered), to: identity)
        let rejoined = try #require(try coordinator.welcomeWorker())
        #expect(rejoined == identity)
        let resent = try #require(try coordinator.expect { if case .result(let report) = $0 { report } else { nil } })
        // The kept copy asks for no credits (the READY after the WELCOME does).
        var sentFirst = try #require(results[2])
        sentFirst.credits = 0
        #expect(resent.value == sentFirst)
        let ready = try #require(try coordinator.expect { if case .ready(let ready) = $0 { ready } else { nil } })
        #expect(ready.value.credits >= 2)
        let more = try coordinator.expect(timeout: 0.3) { if case .result(let report) = $0 { report } else { nil } }
        #expect(more == nil)
        try coordinator.send(.shutdown(Shutdown(reason: "done")), to: identity)
        #expect(try worker.waitForExit() == .shutdown)
        #expect(worker.process.statistics.tasksComputed == 2)
        #expect(worker.process.statistics.resultsResent == 1)
    }

    @Test("a stop request ends a waiting worker at once")
    func stopRequestWakesTheLoop() throws {
        let coordinator = try PlayedCoordinator()
        let worker = RunningWorker(endpoint: coordinator.endpoint)
        _ = try #require(try coordinator.welcomeWorker())
        _ = try #require(try coordinator.expect { if case .ready(let ready) = $0 { ready } else { nil } })
        let asked = now()
        worker.process.requestStop()
        #expect(try worker.waitForExit() == .stopped)
        #expect(now() - asked < WorkerSessionLoop.longestWait)
    }
}
