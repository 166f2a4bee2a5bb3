/// One lyapsweep protocol message, as the coordinator, workers and status clients exchange them.
///
/// ``WireCodec/encode(_:version:)`` turns a message into its two frames and
/// ``WireCodec/decode(_:limits:version:)`` turns two frames back into a validated message.
public enum WireMessage: Sendable, Equatable {
    /// Worker → coordinator: the worker introduces itself (first message after connecting).
    case hello(Hello)
    /// Coordinator → worker: the worker is registered and receives the sweep.
    case welcome(Welcome)
    /// Coordinator → worker: the worker is refused, or unknown and must say HELLO again.
    case reject(Reject)
    /// Worker → coordinator: the worker can take this many more tasks.
    case ready(Ready)
    /// Coordinator → worker: compute one task.
    case task(TaskAssignment)
    /// Worker → coordinator: the result of one task.
    case result(ResultReport)
    /// Coordinator → worker: a result is stored durably; the worker may forget it.
    case ack(Ack)
    /// Both ways: liveness, with the worker's progress.
    case heartbeat(Heartbeat)
    /// Coordinator → worker: stop.
    case shutdown(Shutdown)
    /// Status client → coordinator: ask for the run's status (empty payload).
    case statusRequest
    /// Coordinator → status client: the run's status as a JSON document.
    case statusReply(StatusReply)
    /// Worker → coordinator: a worker process died while computing a task.
    case crashReport(CrashReport)

    /// The message's type, as carried in the header.
    public var type: WireMessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .reject: .reject
        case .ready: .ready
        case .task: .task
        case .result: .result
        case .ack: .ack
        case .heartbeat: .heartbeat
        case .shutdown: .shutdown
        case .statusRequest: .statusRequest
        case .statusReply: .statusReply
        case .crashReport: .crashReport
        }
    }

    /// The protocol name of the message's type, e.g. `HELLO`, for logs.
    public var typeName: String { type.name }
}

/// The message type numbers of the header's third field; fixed once a protocol version uses them.
public enum WireMessageType: UInt8, Sendable, CaseIterable {
    /// `HELLO`, worker → coordinator.
    case hello = 1
    /// `WELCOME`, coordinator → worker.
    case welcome = 2
    /// `REJECT`, coordinator → worker.
    case reject = 3
    /// `READY`, worker → coordinator.
    case ready = 4
    /// `TASK`, coordinator → worker.
    case task = 5
    /// `RESULT`, worker → coordinator.
    case result = 6
    /// `ACK`, coordinator → worker.
    case ack = 7
    /// `HEARTBEAT`, both ways.
    case heartbeat = 8
    /// `SHUTDOWN`, coordinator → worker.
    case shutdown = 9
    /// `STATUS_REQUEST`, status client → coordinator.
    case statusRequest = 10
    /// `STATUS_REPLY`, coordinator → status client.
    case statusReply = 11
    /// `CRASH_REPORT`, worker → coordinator (since version 2).
    case crashReport = 12

    /// The largest payload accepted for this type, in bytes; checked on the frame size before any parsing.
    ///
    /// Each control message's limit is a round number above its largest legal encoding (every integer
    /// at 10 varint bytes, every text at its maximum length): 256 B for READY, TASK, ACK and
    /// STATUS_REQUEST; 4 KiB for CRASH_REPORT (a 1 KiB reason and a 1 KiB worker id); 64 KiB for HELLO (three 1 KiB texts and
    /// 4096 held task ids) and HEARTBEAT (4096 task ids); 128 KiB for REJECT and SHUTDOWN (a 64 KiB
    /// reason). The bulk types WELCOME, STATUS_REPLY and RESULT may use ``WireProtocol/maxPayloadBytes``;
    /// a coordinator lowers RESULT's limit to its sweep's with ``WireLimits``.
    public var maxPayloadBytes: Int {
        switch self {
        case .ready, .task, .ack, .statusRequest: 256
        case .crashReport: 4 << 10
        case .hello, .heartbeat: 64 << 10
        case .reject, .shutdown: 128 << 10
        case .welcome, .result, .statusReply: WireProtocol.maxPayloadBytes
        }
    }

    /// The protocol name of the type, e.g. `STATUS_REPLY`.
    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .reject: "REJECT"
        case .ready: "READY"
        case .task: "TASK"
        case .result: "RESULT"
        case .ack: "ACK"
        case .heartbeat: "HEARTBEAT"
        case .shutdown: "SHUTDOWN"
        case .statusRequest: "STATUS_REQUEST"
        case .statusReply: "STATUS_REPLY"
        case .crashReport: "CRASH_REPORT"
        }
    }
}
