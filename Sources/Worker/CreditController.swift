import Foundation

/// Decides how many tasks a worker asks for (READY credits) so its compute thread never waits for the network.
///
/// While one task computes, the replacement for the previous one travels: RESULT + READY to the coordinator,
/// TASK back. That takes a round trip, during which the compute thread needs queued work, so the worker aims
/// to hold ``target`` = clamp(1 + ⌈round trip / mean task time⌉, `minimum`, `maximum`) tasks: the one computing
/// plus enough to cover a round trip. All times are exponentially weighted means (weight 1/8 for a new sample).
///
/// The round trip is the larger of two measurements, as each can fall short: RESULT → its ACK (unambiguous,
/// but a coordinator may dispatch the replacement TASK only after a whole batch of messages) and READY → the
/// next TASK, measured only for a READY sent when the worker believes no credit of its is outstanding, so
/// the TASK surely answers it (a coordinator that caps credits leaves the belief too high: then no more
/// samples of this kind, never wrong ones).
///
/// The coordinator's view of this worker is S = its credits + the tasks it has sent and not yet seen a result
/// for; ``level`` is what the worker believes S is. The coordinator may cap S (it clamps credits to a per-worker
/// maximum), so the worker only ever knows S ≤ level. Every rule keeps the worker from waiting forever:
/// - at WELCOME the coordinator's S is 0: ask for ``target``;
/// - after each result of a task the coordinator assigned in this session S fell by 1: ask for one credit to
///   replace it, plus the growth of ``target`` since; when ``target`` shrank, skip the replacement instead,
///   but only while the worker still holds another task of this session (so a later result asks again) —
///   holding none, it always asks, since a capped coordinator may hold no credit for it.
struct CreditController: Sendable {
    /// The fewest tasks to hold (the configuration's `tasksInFlight`, at least 1).
    let minimum: Int
    /// The most tasks to hold (at least ``minimum``).
    let maximum: Int
    /// The weight of a new sample in the running means.
    static let smoothing = 0.125

    /// Running mean of the compute time of one task, in seconds; nil before the first task.
    private(set) var meanTaskSeconds: Double?
    /// Running mean of the round trip RESULT → ACK, in seconds; nil before the first ACK.
    private(set) var acknowledgementSeconds: Double?
    /// Running mean of the round trip READY → TASK, in seconds; nil before the first sample.
    private(set) var creditSeconds: Double?
    /// Credits asked for in this session and not yet used by a TASK, as far as the worker knows.
    private(set) var outstandingCredits = 0
    /// When the READY being timed was sent; nil when none is.
    private var probeSentAt: Double?
    /// Credits plus unanswered tasks the coordinator is believed to hold for this worker in this session.
    private(set) var level = 0

    /// Creates a controller holding between `minimum` and `maximum` tasks (both clamped to 1 … 1000, the
    /// credits one READY may carry).
    init(minimum: Int, maximum: Int) {
        self.minimum = min(max(minimum, 1), 1000)
        self.maximum = min(max(maximum, self.minimum), 1000)
    }

    /// The round trip used for ``target``: the larger of the two measured ones, in seconds; nil before any.
    var roundTripSeconds: Double? {
        switch (acknowledgementSeconds, creditSeconds) {
        case (let ack?, let credit?): max(ack, credit)
        case (let ack, let credit): ack ?? credit
        }
    }

    /// The tasks to hold: one computing plus a round trip's worth, within `minimum` … `maximum`.
    var target: Int {
        guard let task = meanTaskSeconds, let trip = roundTripSeconds, task > 0 else { return minimum }
        let wanted = 1 + (trip / task).rounded(.up)
        return wanted >= Double(maximum) ? maximum : max(minimum, Int(wanted))
    }

    /// Folds in the compute time of a finished task, in seconds.
    mutating func recordTask(seconds: Double) {
        meanTaskSeconds = Self.blend(meanTaskSeconds, seconds)
    }

    /// Folds in one round trip RESULT → ACK (a RESULT sent once), in seconds.
    mutating func recordAcknowledgement(seconds: Double) {
        acknowledgementSeconds = Self.blend(acknowledgementSeconds, seconds)
    }

    /// Records a READY sent at `time` (monotonic seconds); times it if no credit was outstanding.
    mutating func sentReady(credits: Int, at time: Double) {
        if outstandingCredits == 0 && probeSentAt == nil { probeSentAt = time }
        outstandingCredits += credits
    }

    /// Records a TASK received at `time` (monotonic seconds), which used one credit.
    ///
    /// - Returns: The READY → TASK round trip it completes, in seconds, if a READY was being timed.
    @discardableResult
    mutating func receivedTask(at time: Double) -> Double? {
        outstandingCredits = max(0, outstandingCredits - 1)
        guard let sentAt = probeSentAt else { return nil }
        probeSentAt = nil
        let trip = max(0, time - sentAt)
        creditSeconds = Self.blend(creditSeconds, trip)
        return trip
    }

    /// The credits of the READY that follows a WELCOME (the coordinator holds nothing for a new session).
    mutating func creditsAtWelcome() -> Int {
        outstandingCredits = 0
        probeSentAt = nil
        level = target
        return level
    }

    /// The credits of the READY that follows the RESULT of a task assigned in this session; 0 sends no READY.
    ///
    /// - Parameter stillHeld: Tasks of this session the worker holds without having sent their result.
    mutating func creditsAfterResult(stillHeld: Int) -> Int {
        let wanted = target
        if wanted >= level {
            defer { level = wanted }
            return 1 + wanted - level
        }
        if stillHeld > 0 {
            level -= 1
            return 0
        }
        return 1
    }

    private static func blend(_ mean: Double?, _ sample: Double) -> Double {
        guard let mean else { return sample }
        return mean + smoothing * (sample - mean)
    }
}
