import Coordinator
import Dashboard
import Analysis
import Sweep
import Testing

@Suite("The dashboard's JSON payloads")
struct DashboardPayloadTests {
    @Test("progress counts pending tasks and takes the ETA from trajectory-steps including running tasks")
    func progress() throws {
        let payload = ProgressPayload(status: fixtureStatus(), throughput: [600, 650])
        #expect(payload.pending == 12)
        #expect(payload.percent == 30)
        // 6500 steps in 10 s = 650 steps/s; 14 tasks left = 14000 steps, 500 of them done already.
        #expect(payload.stepsPerSecond == 650)
        #expect(try #require(payload.etaSeconds) == 13_500.0 / 650)
        #expect(payload.insecure)
        #expect(payload.throughput == [600, 650])
    }

    @Test("no ETA before the first trajectory-step, 0 once every task is done or failed")
    func etaEdges() {
        var status = fixtureStatus()
        status.progress.trajectorySteps = 0
        status.progress.stepsInProgress = 0
        #expect(status.etaSeconds == nil)
        status.progress.done = 19
        status.progress.failed = 1
        #expect(status.etaSeconds == 0)
    }

    @Test("λ points: mean and population standard deviation of the kept Λ per (η, ε); dropped ICs only counted")
    func lambdaPoints() throws {
        let definition = try fixtureDefinition()
        var lambda = LiveLambda(definition: definition)
        func fit(ic: Int, lambda value: Double?) -> ICFit {
            let fit = value.map { LyapunovFit(lambda: $0, intercept: 0, rSquared: 0.99, window: FitWindow(start: 0, length: 50)) }
            return ICFit(etaIndex: 1, eta: 2, icIndex: ic, epsilonIndex: 0, epsilon: 1e-12, fit: fit,
                         verdict: fit == nil ? .noWindow : .kept, divergedAt: nil)
        }
        lambda.add([fit(ic: 0, lambda: 0.2), fit(ic: 1, lambda: 0.4), fit(ic: 2, lambda: nil)])
        let points = lambda.points()
        #expect(points.count == 6)
        let cell = try #require(points.first { $0.eta == 2 && $0.epsilon == 1e-12 })
        #expect(cell.kept == 2 && cell.total == 3)
        #expect(abs(try #require(cell.lambda) - 0.3) < 1e-15)
        #expect(abs(try #require(cell.standardDeviation) - 0.1) < 1e-15)
        #expect(points.filter { $0.lambda != nil }.count == 1)
    }
}
