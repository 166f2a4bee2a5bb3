import Testing
@testable import Worker

@Suite("Credit controller")
struct CreditControllerTests {
    @Test("the target is 1 + ⌈round trip / task time⌉ within the minimum and maximum")
    func target() {
        var credits = CreditController(minimum: 2, maximum: 64)
        #expect(credits.target == 2)
        credits.recordTask(seconds: 0.001)
        #expect(credits.target == 2)
        credits.recordAcknowledgement(seconds: 0.0095)
        #expect(credits.target == 11)
        credits.recordAcknowledgement(seconds: 100)
        #expect(credits.target == 64)

        var long = CreditController(minimum: 2, maximum: 64)
        long.recordTask(seconds: 3)
        long.recordAcknowledgement(seconds: 0.002)
        #expect(long.target == 2)
        #expect(CreditController(minimum: 0, maximum: 5000).minimum == 1)
        #expect(CreditController(minimum: 8, maximum: 3).maximum == 8)
        #expect(CreditController(minimum: 2, maximum: 5000).maximum == 1000)
    }

    @Test("READY → TASK is timed only from a READY sent with no credit outstanding; the larger round trip counts")
    func creditRoundTrip() {
        var credits = CreditController(minimum: 2, maximum: 64)
        let welcome = credits.creditsAtWelcome()
        credits.sentReady(credits: welcome, at: 0)
        #expect(credits.receivedTask(at: 0.003) == 0.003)
        #expect(credits.receivedTask(at: 0.004) == nil)
        #expect(credits.outstandingCredits == 0)
        credits.sentReady(credits: 3, at: 1)
        credits.sentReady(credits: 1, at: 1.5)
        #expect(credits.receivedTask(at: 1.25) == 0.25)
        for time in [1.6, 1.7, 1.8] { #expect(credits.receivedTask(at: time) == nil) }
        #expect(credits.creditSeconds == 0.003 + CreditController.smoothing * (0.25 - 0.003))
        #expect(credits.roundTripSeconds == credits.creditSeconds)
        credits.recordAcknowledgement(seconds: 0.5)
        #expect(credits.roundTripSeconds == 0.5)
        // A coordinator sending more than asked leaves nothing outstanding, not a negative count.
        #expect(credits.receivedTask(at: 2) == nil)
        #expect(credits.outstandingCredits == 0)
    }

    @Test("one credit replaces each result; growth is asked for at once; shrinking skips replacements")
    func creditsPerResult() {
        var credits = CreditController(minimum: 2, maximum: 64)
        #expect(credits.creditsAtWelcome() == 2)
        #expect(credits.creditsAfterResult(stillHeld: 1) == 1)
        credits.recordTask(seconds: 0.001)
        credits.recordAcknowledgement(seconds: 0.004)
        #expect(credits.target == 5)
        #expect(credits.creditsAfterResult(stillHeld: 1) == 4)
        #expect(credits.level == 5)
        #expect(credits.creditsAfterResult(stillHeld: 4) == 1)
        // Tasks get long: the target falls back to the minimum, one skipped replacement at a time.
        for _ in 0..<60 { credits.recordTask(seconds: 1) }
        #expect(credits.target == 2)
        #expect(credits.creditsAfterResult(stillHeld: 3) == 0)
        #expect(credits.creditsAfterResult(stillHeld: 2) == 0)
        #expect(credits.creditsAfterResult(stillHeld: 0) == 1)
        #expect(credits.level == 3)
        #expect(credits.creditsAfterResult(stillHeld: 1) == 0)
        #expect(credits.level == 2)
        #expect(credits.creditsAfterResult(stillHeld: 1) == 1)
    }

    @Test("against a coordinator that caps each worker, the worker is never left without a task or a credit")
    func neverStarvesUnderACap() {
        // The coordinator's rule: credits = min(credits + asked, cap − held); a credit buys a task.
        for cap in [1, 2, 3, 64] {
            var credits = CreditController(minimum: 2, maximum: 64)
            var coordinatorCredits = min(credits.creditsAtWelcome(), cap)
            var held = 0
            for round in 0..<2000 {
                // Tasks alternate between very short and very long phases, so the target rises and falls.
                credits.recordTask(seconds: (round / 200) % 2 == 0 ? 1e-5 : 10)
                credits.recordAcknowledgement(seconds: 0.001)
                while coordinatorCredits > 0, held < cap {
                    coordinatorCredits -= 1
                    held += 1
                }
                #expect(held > 0, "cap \(cap), round \(round): nothing held and no credit")
                if held == 0 { break }
                held -= 1
                let asked = credits.creditsAfterResult(stillHeld: held)
                coordinatorCredits = max(0, min(coordinatorCredits + asked, cap - held))
            }
        }
    }
}
