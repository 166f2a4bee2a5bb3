import Coordinator
import Dashboard
import Analysis
import Report
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

    @Test("the run's state: running while tasks are left, finished once all are done or failed, stopped from a database")
    func state() {
        var status = fixtureStatus()
        #expect(ProgressPayload(status: status, throughput: []).state == .running)
        #expect(ProgressPayload(status: status, throughput: [], database: "r.sqlite").state == .stopped)
        status.progress.done = 19
        status.progress.failed = 1
        #expect(ProgressPayload(status: status, throughput: []).state == .finished)
        let read = ProgressPayload(status: status, throughput: [], database: "r.sqlite")
        #expect(read.state == .finished && read.database == "r.sqlite")
    }

    @Test("20 η get 20 distinct colours from the report's map; ICs per η travel with the points")
    func colours() throws {
        let definition = try SweepFile.parse(text: """
            seed = 1
            [training]
            eta = { from = 0.01, to = 10.0, count = 20 }
            [ensemble]
            ics = 7
            epsilon = [1e-9, 1e-6]
            """, path: "scan.toml")
        let payload = LambdaPayload(LiveLambda(definition: definition))
        #expect(payload.etas.count == 20 && Set(payload.etaColors).count == 20)
        #expect(payload.etaColors == (0..<20).map { SVGPlot.color($0, of: 20) })
        #expect(Set(payload.epsilonColors).count == 2)
        #expect(payload.icsPerEta == 7)
    }

    @Test("the per-η progress counts each η's created ICs: a precision target's prefix; an onset search shows only its η")
    func progressDenominators() throws {
        let adaptive = try SweepFile.parse(text: """
            seed = 3
            [training]
            eta = [0.5, 2.0]
            [ensemble]
            ics = 4
            epsilon = [1e-8]
            target_se = 0.01
            max_ics = 16
            """, path: "adaptive.toml")
        var plan = try #require(PrecisionPlan(definition: adaptive, tasks: adaptive.tasks, fits: []))
        let fits = (0..<4).map { ICFit(etaIndex: 0, eta: 0.5, icIndex: $0, epsilonIndex: 0, epsilon: 1e-8, fit: nil, verdict: .noWindow, divergedAt: nil) }
        plan.add(fits)
        #expect(plan.nextTasks().count == 4, "η = 0.5 is complete and unmet: 4 more ICs")
        var live = LiveLambda(definition: adaptive)
        live.add(fits)
        let payload = LambdaPayload(live, precision: PrecisionState(plan))
        #expect(payload.etas == [0.5, 2.0] && payload.icsByEta == [8, 4])

        let search = try SweepFile.parse(text: """
            seed = 3
            [training]
            eta = { onset = { from = 0.1, to = 10, grid = 3 } }
            [ensemble]
            ics = 4
            epsilon = [1e-8]
            """, path: "onset.toml")
        let onset = try #require(OnsetPlan(definition: search, tasks: search.tasks, fits: []))
        let coarse = search.training.onset!.coarsePositions.map { search.training.etas[$0] }
        let shown = LambdaPayload(LiveLambda(definition: search), onset: onset.state())
        #expect(search.training.etas.count > 3 && shown.etas == coarse && shown.icsByEta == [4, 4, 4] && shown.etaColors.count == 3)
    }
}
