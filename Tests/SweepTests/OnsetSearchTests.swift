import Testing

import Analysis
@testable import Sweep

/// `training.eta = { onset = … }`: what the reader accepts and refuses (FILE:LINE), the lattice of η and the plan.
@Suite("Sweep files: onset searches and their plan")
struct OnsetSearchTests {
    /// A sweep whose `eta = { onset = { … } }` is on line 3, `[ensemble]` on line 4.
    static func sweep(_ onset: String, ensemble: String = "ics = 4\nepsilon = [1e-8]") -> String {
        "seed = 3\n[training]\neta = { onset = { \(onset) } }\n[ensemble]\n\(ensemble)\n"
    }

    static let search = "from = 0.1, to = 10, grid = 5, tolerance = 0.05"

    @Test("an onset search reads with its defaults; its η list is the lattice, its first tasks the coarse grid")
    func reads() throws {
        let definition = try SweepFile.parse(text: Self.sweep(Self.search), path: "p.toml")
        let onset = try #require(definition.training.onset)
        #expect(onset.statistic == .keptFraction && onset.level == 0.5 && onset.crossings == .lowest && onset.epsilon == 1e-8)
        // Coarse neighbours are √10 apart: 5 refinements bring them to 10^(1/64) ≈ 1.036 ≤ 1.05.
        #expect(onset.depth == 5 && onset.stride == 32 && definition.training.etas.count == 4 * 32 + 1)
        let coarse = SweepFileReader.logSpaced(from: 0.1, to: 10, count: 5)
        #expect(onset.coarsePositions.map { definition.training.etas[$0] } == coarse)
        #expect(definition.training.etas[16] == (coarse[0] * coarse[1]).squareRoot(), "a midpoint is √(lo·hi) of its bracket, exactly")
        #expect(definition.training.etas[8] == (definition.training.etas[0] * definition.training.etas[16]).squareRoot())
        #expect(definition.taskCount == 20 && definition.tasks.map(\.etaIndex) == onset.coarsePositions.flatMap { Array(repeating: $0, count: 4) })
        #expect(definition.taskCapacity == 129 * 4 && definition.id(of: SweepTask(icIndex: 3, etaIndex: 16)) == 67)
        #expect(definition.summary.contains("5 η × 4 ICs = 20 tasks") && definition.summary.contains("at most 5 more η"), "\(definition.summary)")
        #expect(try SweepFile.parse(text: Self.sweep(Self.search), path: "p.toml") == definition, "the lattice is the same every time")
    }

    @Test("inconsistent onset searches are refused on the line of eta", arguments: [
        ("from = 10, to = 1", "training.eta.onset.to: is 1.0, not above from = 10.0; allowed: from < to"),
        ("from = 1, to = 1", "training.eta.onset.to: is 1.0, not above from = 1.0"),
        ("from = 0, to = 1", "training.eta.onset.from: is 0.0; allowed: a learning rate in (0, 1e+100]"),
        ("from = -1, to = 1", "training.eta.onset.from: is -1.0"),
        ("from = 0.1, to = 10, level = 1.5", "training.eta.onset.level: is 1.5; allowed: a kept fraction in [0, 1]"),
        ("from = 0.1, to = 10, level = -0.1", "training.eta.onset.level: is -0.1"),
        ("from = 0.1, to = 10, grid = 1", "training.eta.onset.grid: is 1; allowed: an integer in [2, 1000]"),
        ("from = 0.1, to = 10, tolerance = 0", "training.eta.onset.tolerance: is 0.0; allowed: a relative bracket width hi/lo − 1 > 0"),
        ("from = 0.1, to = 10, tolerance = -1", "training.eta.onset.tolerance: is -1.0"),
        ("from = 0.1, to = 10, tolerance = 1e-9", "training.eta.onset.tolerance: is 1e-09: reaching it from a grid of 8 points"),
        ("from = 0.1, to = 10, statistic = \"loss\"", #"training.eta.onset.statistic: is "loss"; allowed: "kept_fraction", "lambda""#),
        ("from = 0.1, to = 10, crossings = \"first\"", #"training.eta.onset.crossings: is "first"; allowed: "lowest", "all""#),
        ("from = 0.1, to = 10, epsilon = 1e-6", "training.eta.onset.epsilon: is 1e-06, not one of the sweep's ε values; allowed: one of ensemble.epsilon = [1e-08]"),
        ("from = 0.1, to = 10, count = 3", "training.eta.onset.count: unknown key in the onset search; allowed: from, to, grid"),
        ("to = 10", "training.eta.onset.from: is required"),
    ])
    func refused(onset: String, fragment: String) {
        expectOneIssue(Self.sweep(onset), line: 3, fragments: [fragment])
    }

    @Test("a λ level may lie outside [0, 1]; the search's ε is required among several, and a precision target is refused")
    func levelsEpsilonsAndTargets() throws {
        let lambda = try SweepFile.parse(text: Self.sweep(Self.search + ", statistic = \"lambda\", level = 2"), path: "p.toml")
        #expect(lambda.training.onset?.statistic == .lambda && lambda.training.onset?.level == 2)
        expectOneIssue(Self.sweep(Self.search, ensemble: "ics = 4\nepsilon = [1e-8, 1e-4]"), line: 3, fragments: [
            "training.eta.onset.epsilon: is required when the sweep has several ε values; allowed: one of ensemble.epsilon = [1e-08, 0.0001]",
        ])
        expectOneIssue(Self.sweep(Self.search, ensemble: "ics = 4\nepsilon = [1e-8]\ntarget_se = 0.01\nmax_ics = 40"), line: 7, fragments: [
            "ensemble.target_se: is set with an onset search (training.eta = { onset = … }), whose every η gets ics ICs",
        ])
    }

    /// The kept fraction of the synthetic ensemble at η: 1/4 below 0.5, 1 up to 3, 0 above — two crossings.
    static func kept(_ eta: Double) -> Int { eta < 0.5 ? 1 : eta < 3 ? 4 : 0 }

    /// The fits of one task of `definition`: IC k is kept when k < kept(η).
    static func fits(_ task: SweepTask, _ definition: SweepDefinition) -> [ICFit] {
        let eta = definition.training.etas[task.etaIndex]
        let keep = task.icIndex < kept(eta)
        let fit = LyapunovFit(lambda: 0.2, intercept: 0, rSquared: 0.99, window: FitWindow(start: 0, length: 50))
        return [ICFit(etaIndex: task.etaIndex, eta: eta, icIndex: task.icIndex, epsilonIndex: 0, epsilon: 1e-8,
                      fit: keep ? fit : nil, verdict: keep ? .kept : .belowMinLambda, divergedAt: nil)]
    }

    /// Runs a plan to its end, delivering the pending tasks in the order `pick` chooses; returns every task created.
    static func runToEnd(_ plan: inout OnsetPlan, pick: ([SweepTask]) -> Int) -> Set<SweepTask> {
        var pending = plan.definition.tasks, created = Set(pending)
        while !pending.isEmpty {
            let task = pending.remove(at: pick(pending))
            plan.add(fits(task, plan.definition))
            let next = plan.nextTasks()
            created.formUnion(next)
            pending += next
        }
        return created
    }

    static func plan(_ extra: String = "") throws -> OnsetPlan {
        let definition = try SweepFile.parse(text: Self.sweep(Self.search + extra), path: "p.toml")
        return try #require(OnsetPlan(definition: definition, tasks: definition.tasks, fits: []))
    }

    @Test("the lowest crossing is refined to the tolerance, the same η whatever the delivery order")
    func lowestCrossing() throws {
        var forward = try Self.plan(), backward = try Self.plan(), shuffled = try Self.plan()
        var seed: UInt64 = 5
        let a = Self.runToEnd(&forward) { _ in 0 }
        let b = Self.runToEnd(&backward) { $0.count - 1 }
        let c = Self.runToEnd(&shuffled) { pending in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(pending.count))
        }
        #expect(a == b && b == c && forward.created == shuffled.created)
        let state = forward.state()
        #expect(state.finished && state == shuffled.state())
        // Coarse 0.1, 0.316, 1, 3.16, 10: crossings in [0.316, 1] and [1, 3.16]; the lowest is refined 5 times.
        #expect(state.brackets.count == 2 && state.points.count == 5 + 5)
        let bracket = try #require(state.refinedBrackets.first)
        #expect(state.refinedBrackets.count == 1 && bracket.resolved && bracket.relativeWidth <= 0.05)
        #expect(bracket.low < 0.5 && bracket.high >= 0.5 && bracket.lowValue == 0.25 && bracket.highValue == 1)
        #expect(state.text().contains("lowest of 2 crossings"), "\(state.text())")
        #expect(forward.nextTasks().isEmpty)
    }

    @Test("crossings = all refines every crossing; a plan rebuilt from a store's tasks and fits catches up, and no more")
    func allCrossingsAndResume() throws {
        var all = try Self.plan(", crossings = \"all\"")
        let created = Self.runToEnd(&all) { _ in 0 }
        let state = all.state()
        #expect(state.refinedBrackets.count == 2 && state.refinedBrackets.allSatisfy { $0.resolved && $0.relativeWidth <= 0.05 })
        #expect(state.refinedBrackets[1].low < 3 && state.refinedBrackets[1].high >= 3)
        #expect(state.points.count == 5 + 10 && state.text().contains("crossing 2 of 2"), "\(state.text())")
        // Stopped after the coarse grid was stored, before the decision was recorded.
        let definition = all.definition
        var resumed = try #require(OnsetPlan(definition: definition, tasks: definition.tasks,
                                             fits: definition.tasks.flatMap { Self.fits($0, definition) }))
        let next = resumed.nextTasks()
        #expect(Set(next.map(\.etaIndex)) == [48, 80] && next.count == 8)
        var finished = try #require(OnsetPlan(definition: definition, tasks: Array(created),
                                              fits: created.flatMap { Self.fits($0, definition) }))
        #expect(finished.nextTasks().isEmpty && finished.state() == state)
    }

    @Test("statistic = lambda: λ_nMLE against a level in Λ units; an η with no kept IC counts as below it")
    func lambdaStatistic() throws {
        var plan = try Self.plan(", statistic = \"lambda\", level = 0.1")
        _ = Self.runToEnd(&plan) { _ in 0 }
        let state = plan.state()
        // Every η that keeps an IC has λ_nMLE = 0.2; past η = 3 none is kept: one crossing, near 3.
        let bracket = try #require(state.refinedBrackets.first)
        #expect(state.finished && state.brackets.count == 1 && bracket.resolved && bracket.relativeWidth <= 0.05)
        #expect(bracket.low < 3 && bracket.high >= 3 && bracket.lowValue == 0.2 && bracket.highValue == nil)
        #expect(state.text().contains("λ_nMLE 0.2 → -") && state.text().contains("the only crossing"), "\(state.text())")
    }
}
