import Testing
import Wire

@Suite("Wire: held task ids and CRASH_REPORT")
struct HeldTasksAndCrashReportTests {
    /// The decoding error of `message`, which must be `inconsistent`.
    private func inconsistency(_ message: WireMessage, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let error = #expect(throws: WireError.self, sourceLocation: sourceLocation) { try WireCodec.decode(WireCodec.encode(message)) }
        #expect(error?.reason == .inconsistent, sourceLocation: sourceLocation)
        return error?.description
    }

    private func hello(holding ids: [Int]) -> WireMessage {
        .hello(Hello(workerID: "w", host: "h", pid: 1, processes: 2, softwareVersion: "v", heldTaskIDs: ids))
    }

    @Test("HELLO's held task ids round-trip, in order, up to the bound")
    func heldTaskIDs() throws {
        let maximal = (0..<Hello.maxHeldTaskIDs).map { Int(Int64.max) - $0 }
        for ids in [[], [7], [9, 3, 0, 3], maximal] {
            #expect(try WireCodec.decode(WireCodec.encode(hello(holding: ids))) == hello(holding: ids))
        }
        let defaulted = Hello(workerID: "w", host: "h", pid: 1, processes: 2, softwareVersion: "v")
        #expect(defaulted.heldTaskIDs.isEmpty)
    }

    @Test("more held task ids than the bound, or a negative one, is inconsistent")
    func heldTaskIDsRefused() throws {
        let tooMany = try #require(inconsistency(hello(holding: Array(0...Hello.maxHeldTaskIDs))))
        #expect(tooMany.contains("HELLO.heldTaskIDs lists 4097 ids; at most 4096"))
        #expect(inconsistency(hello(holding: [1, 2, -3]))?.contains("HELLO.heldTaskIDs[2] is -3") == true)
    }

    @Test("HEARTBEAT's task ids have the same bound")
    func heartbeatBound() throws {
        let ids = Array(0..<Hello.maxHeldTaskIDs)
        let full = WireMessage.heartbeat(Heartbeat(currentTaskIDs: ids, stepsDone: 1))
        #expect(try WireCodec.decode(WireCodec.encode(full)) == full)
        let tooMany = WireMessage.heartbeat(Heartbeat(currentTaskIDs: ids + [1], stepsDone: 1))
        #expect(inconsistency(tooMany)?.contains("HEARTBEAT.currentTaskIDs lists 4097 ids") == true)
    }

    @Test("CRASH_REPORT round-trips with a reason of up to 1 KiB")
    func crashReport() throws {
        for report in [
            CrashReport(taskID: 0, reason: "signal 11 (SIGSEGV) while computing the task", crashedWorkerID: "w-1"),
            CrashReport(taskID: Int(Int64.max), reason: String(repeating: "é", count: CrashReport.maxReasonBytes / 2), crashedWorkerID: "w-1"),
        ] {
            #expect(try WireCodec.decode(WireCodec.encode(.crashReport(report))) == .crashReport(report))
        }
        #expect(WireMessageType(rawValue: 12) == .crashReport)
    }

    @Test("a CRASH_REPORT without a reason, with a longer one or a negative task id is inconsistent")
    func crashReportRefused() {
        #expect(inconsistency(.crashReport(CrashReport(taskID: 1, reason: "", crashedWorkerID: "w-1")))?.contains("CRASH_REPORT.reason is empty") == true)
        let long = String(repeating: "x", count: CrashReport.maxReasonBytes + 1)
        #expect(inconsistency(.crashReport(CrashReport(taskID: 1, reason: long, crashedWorkerID: "w-1")))?.contains("1025 bytes long; at most 1024") == true)
        #expect(inconsistency(.crashReport(CrashReport(taskID: -1, reason: "signal 6", crashedWorkerID: "w-1")))?.contains("CRASH_REPORT.taskID is -1") == true)
    }
}
