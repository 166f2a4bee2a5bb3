import Foundation
import Wire
import ZeroMQ

/// One simulated worker: a DEALER socket with its own identity that speaks the real protocol and answers
/// every TASK at once with a valid RESULT. Like a real worker it keeps each result until its ACK and resends
/// the unacknowledged ones after every WELCOME, says HELLO again when the coordinator does not know it, and
/// heartbeats at the coordinator's interval. Driven by ``LoadGenerator`` on its thread.
struct SimulatedWorker {
    let workerID: String
    let socket: Socket
    /// Tasks asked for after each WELCOME; each RESULT gives its credit back.
    let credits: Int
    var welcomed = false
    var shutDown = false
    /// Seconds between HEARTBEATs, from the last WELCOME.
    var heartbeatInterval = 1.0
    /// Silence after which the coordinator is presumed gone, from the last WELCOME.
    var liveness = 5.0
    var lastSent: Double
    var lastHeard: Double
    var lastHello: Double
    /// RESULT frames sent and not yet acknowledged, by task id.
    var unacknowledged: [Int: [[UInt8]]] = [:]
    /// When each unacknowledged task's TASK arrived (monotonic nanoseconds).
    var taskArrived: [Int: UInt64] = [:]

    /// Connects a DEALER to `endpoint` and says HELLO.
    init(workerID: String, credits: Int, context: Context, endpoint: String, messages: SimulatedMessages, tally: inout LoadTally) throws {
        self.workerID = workerID
        self.credits = credits
        socket = try context.makeSocket(.dealer)
        try socket.setRoutingID(Array(workerID.utf8))
        try socket.setLinger(milliseconds: 0)
        try socket.setReconnectInterval(milliseconds: 100, maximum: 1000)
        try socket.connect(endpoint)
        let now = Clock.seconds
        lastSent = now
        lastHeard = now
        lastHello = now
        try sayHello(messages: messages, tally: &tally)
    }

    mutating func sayHello(messages: SimulatedMessages, tally: inout LoadTally) throws {
        welcomed = false
        lastHello = Clock.seconds
        send(messages.hello(workerID: workerID, holding: Array(unacknowledged.keys)))
        tally.hellos += 1
    }

    /// Queues frames without blocking; a message that cannot be queued is lost, as on a real network, and
    /// the resend after the next WELCOME covers results.
    mutating func send(_ frames: [[UInt8]]) {
        _ = try? socket.send(frames, dontWait: true)
        lastSent = Clock.seconds
    }

    /// Receives and answers everything waiting on the socket.
    mutating func drain(messages: SimulatedMessages, tally: inout LoadTally) throws {
        while let frames = try socket.receive(dontWait: true) {
            let arrived = Clock.nanoseconds
            lastHeard = Double(arrived) / 1e9
            let message: WireMessage
            do {
                message = try WireCodec.decode(frames)
            } catch {
                tally.invalid += 1
                continue
            }
            try handle(message, arrived: arrived, messages: messages, tally: &tally)
        }
    }

    mutating func handle(_ message: WireMessage, arrived: UInt64, messages: SimulatedMessages, tally: inout LoadTally) throws {
        switch message {
        case .welcome(let welcome):
            tally.welcomes += 1
            welcomed = true
            heartbeatInterval = Double(welcome.heartbeatIntervalMilliseconds) / 1000
            liveness = Double(welcome.livenessMilliseconds) / 1000
            for id in unacknowledged.keys.sorted() {
                send(unacknowledged[id]!)
                tally.resultsResent += 1
            }
            send(messages.ready(credits: credits))
        case .task(let assignment):
            tally.tasks += 1
            for id in assignment.acknowledgedTaskIDs { acknowledge(id, arrived: arrived, tally: &tally) }
            // Each RESULT gives back the credit its TASK used; the kept copy asks for nothing (a WELCOME's
            // resends are followed by a READY).
            if let frames = unacknowledged[assignment.taskID] {
                send(WireCodec.result(frames, withCredits: 1))
                tally.resultsResent += 1
            } else {
                let frames = messages.result(for: assignment)
                unacknowledged[assignment.taskID] = frames
                taskArrived[assignment.taskID] = arrived
                send(WireCodec.result(frames, withCredits: 1))
                tally.results += 1
                tally.resultPayloadBytes += frames[1].count
            }
        case .ack(let ack):
            acknowledge(ack.taskID, arrived: arrived, tally: &tally)
        case .heartbeat:
            break
        case .reject(let reject):
            tally.rejects += 1
            guard reject.asksForHello else {
                tally.invalid += 1
                tally.refusal = tally.refusal ?? reject.reason
                shutDown = true
                return
            }
            // Several messages may have been in flight when the coordinator forgot us: answer once.
            if welcomed || Clock.seconds - lastHello > heartbeatInterval {
                try sayHello(messages: messages, tally: &tally)
            }
        case .shutdown:
            tally.shutdowns += 1
            shutDown = true
        case .hello, .ready, .result, .statusRequest, .statusReply, .crashReport:
            tally.invalid += 1
        }
    }

    /// Forgets an acknowledged result and records its TASK → ACK time.
    mutating func acknowledge(_ taskID: Int, arrived: UInt64, tally: inout LoadTally) {
        unacknowledged.removeValue(forKey: taskID)
        let latency = taskArrived.removeValue(forKey: taskID).map { (arrived - $0) / 1000 }
        tally.acknowledge(taskID, microseconds: latency)
    }

    /// Heartbeats when due, and says HELLO again after a liveness window of silence.
    mutating func tick(now: Double, messages: SimulatedMessages, tally: inout LoadTally) throws {
        guard !shutDown else { return }
        if welcomed, now - lastSent >= heartbeatInterval {
            send(messages.heartbeat)
            tally.heartbeats += 1
        }
        if now - lastHeard > liveness, now - lastHello > liveness {
            try sayHello(messages: messages, tally: &tally)
        }
    }
}

/// Monotonic time for the load test.
enum Clock {
    /// Monotonic nanoseconds.
    static var nanoseconds: UInt64 { DispatchTime.now().uptimeNanoseconds }
    /// Monotonic seconds.
    static var seconds: Double { Double(nanoseconds) / 1e9 }
}
