import Histogram

/// What the simulated workers saw, all together: message counts, TASK → ACK latencies, acknowledged task ids.
struct LoadTally {
    /// TASK messages received (duplicates of a task included).
    var tasks = 0
    /// RESULT messages sent for the first time.
    var results = 0
    /// RESULT messages sent again: after a new WELCOME, or for a TASK of a task not yet acknowledged.
    var resultsResent = 0
    /// ACKs received: ACK messages and the task ids TASKs carried.
    var acks = 0
    /// HEARTBEAT messages sent.
    var heartbeats = 0
    /// HELLO messages sent (one per worker, plus one per re-registration).
    var hellos = 0
    /// WELCOME messages received.
    var welcomes = 0
    /// REJECT messages received.
    var rejects = 0
    /// SHUTDOWN messages received.
    var shutdowns = 0
    /// Frames that failed decoding, or a final REJECT.
    var invalid = 0
    /// Payload bytes of RESULT messages sent for the first time.
    var resultPayloadBytes = 0
    /// TASK received → its ACK received at the same simulated worker, in microseconds.
    var latency = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    /// Which task ids have been acknowledged to some worker (indexed by task id).
    var acknowledged: [Bool]
    /// How many distinct task ids have been acknowledged.
    var acknowledgedCount = 0
    /// The reason of the first final REJECT, which ends the test.
    var refusal: String?

    init(taskCount: Int) {
        acknowledged = Array(repeating: false, count: taskCount)
    }

    /// Records the ACK of `taskID`, with the latency since its TASK arrived if known.
    mutating func acknowledge(_ taskID: Int, microseconds: UInt64?) {
        acks += 1
        if let microseconds { _ = latency.record(microseconds) }
        if acknowledged.indices.contains(taskID), !acknowledged[taskID] {
            acknowledged[taskID] = true
            acknowledgedCount += 1
        }
    }

    /// The acknowledged task ids in ascending order.
    var acknowledgedIDs: [Int] { acknowledged.indices.filter { acknowledged[$0] } }
}
