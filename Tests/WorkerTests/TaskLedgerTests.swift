import Testing
@testable import Worker

@Suite("Task ledger")
struct TaskLedgerTests {
    let frames: [[UInt8]] = [[1, 2], [3]]

    @Test("a task is computed once: a repeat while computing is ignored, a repeat after its result resends it")
    func computedOnce() {
        var ledger = TaskLedger()
        _ = ledger.startSession()
        #expect(ledger.assign(4) == .compute)
        #expect(ledger.assign(4) == .alreadyComputing)
        #expect(ledger.computing == [4])
        #expect(ledger.resultReady(4, frames: frames, at: 10) == true)
        #expect(ledger.assign(4) == .resend(frames))
        #expect(ledger.unacknowledgedIDs == [4])
        // Sent twice: the ACK cannot say which send it answers, so it gives no round trip.
        #expect(ledger.acknowledged(4) == nil)
        #expect(ledger.unacknowledgedIDs.isEmpty)
    }

    @Test("an ACK of a result sent once gives its send time; an unknown ACK changes nothing")
    func acknowledgement() {
        var ledger = TaskLedger()
        _ = ledger.startSession()
        #expect(ledger.assign(1) == .compute)
        _ = ledger.resultReady(1, frames: frames, at: 2.5)
        #expect(ledger.acknowledged(1) == 2.5)
        #expect(ledger.acknowledged(1) == nil)
        #expect(ledger.acknowledged(99) == nil)
    }

    @Test("a new session resends unacknowledged results, and only its own tasks' results earn a credit")
    func sessions() {
        var ledger = TaskLedger()
        _ = ledger.startSession()
        #expect(ledger.assign(3) == .compute)
        #expect(ledger.assign(1) == .compute)
        #expect(ledger.assign(2) == .compute)
        _ = ledger.resultReady(3, frames: [[3]], at: 0)
        _ = ledger.resultReady(1, frames: [[1]], at: 0)
        #expect(ledger.startSession() == [[[1]], [[3]]])
        #expect(ledger.assignedThisSession.isEmpty)
        // Task 2 still computes from the previous session: its result frees no slot in this one...
        #expect(ledger.resultReady(2, frames: [[2]], at: 0) == false)
        // ...unless the coordinator assigned it again in this session.
        #expect(ledger.assign(5) == .compute)
        #expect(ledger.assign(5) == .alreadyComputing)
        #expect(ledger.resultReady(5, frames: [[5]], at: 0) == true)
        #expect(ledger.acknowledged(1) == nil)
        #expect(ledger.unacknowledgedIDs == [2, 3, 5])
        ledger.reset()
        #expect(ledger.unacknowledgedIDs.isEmpty)
        #expect(ledger.computing.isEmpty)
    }
}
