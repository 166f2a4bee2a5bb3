import Testing

import Analysis
@testable import Sweep

/// `[ensemble]` precision targets: what the reader accepts, what it refuses (FILE:LINE), and the plan's decisions.
@Suite("Sweep files: precision targets and their plan")
struct PrecisionTargetTests {
    /// `[ensemble]` on line 4 with `ics = 10` on line 5; the precision keys follow from line 6.
    static func sweep(_ ensemble: String, fit: String = "") -> String {
        SweepFileTests.minimal + "\n" + ensemble + (fit.isEmpty ? "" : "\n[fit]\n" + fit) + "\n"
    }

    @Test("target_se, max_ics and batch are read; batch defaults to ics; ids reserve max_ics per η")
    func reads() throws {
        let definition = try SweepFile.parse(text: Self.sweep("target_se = 0.01\nmax_ics = 40"), path: "p.toml")
        #expect(definition.ensemble.precision == PrecisionTarget(measure: .standardError, value: 0.01, maxICs: 40, batch: 10))
        #expect(definition.icCapacity == 40 && definition.taskCount == 10 && definition.taskCapacity == 40)
        #expect(definition.id(of: SweepTask(icIndex: 39, etaIndex: 0)) == 39)
        let interval = try SweepFile.parse(text: Self.sweep("target_ci_half_width = 0.02\nmax_ics = 50\nbatch = 5"), path: "p.toml")
        #expect(interval.ensemble.precision == PrecisionTarget(measure: .intervalHalfWidth, value: 0.02, maxICs: 50, batch: 5))
    }

    @Test("a sweep without a target keeps its identity and its task ids")
    func fixedUnchanged() throws {
        let definition = try SweepFile.parse(text: SweepFileTests.minimal, path: "p.toml")
        #expect(definition.ensemble.precision == nil && definition.icCapacity == 10)
        #expect(!(try sortedJSON(definition)).contains("precision"))
    }

    @Test("inconsistent precision settings are refused on their own line", arguments: [
        ("target_se = 0.01\nmax_ics = 5", 7, "ensemble.max_ics: is 5, below ics = 10; allowed: an integer in [10, 1000000]"),
        ("target_se = 0.01\ntarget_ci_half_width = 0.02\nmax_ics = 50", 7,
         "ensemble.target_ci_half_width: is given with target_se; allowed: one of target_se and target_ci_half_width"),
        ("max_ics = 50", 6, "ensemble.max_ics: is set without a precision target; allowed: only with target_se or target_ci_half_width"),
        ("batch = 5", 6, "ensemble.batch: is set without a precision target"),
        ("target_se = 0.01", 6, "ensemble.target_se: needs max_ics, the most ICs an η may have; allowed: give max_ics ≥ ics = 10"),
        ("target_se = 0\nmax_ics = 50", 6, "ensemble.target_se: is 0.0; allowed: a finite number > 0 (per GD step)"),
        ("target_se = 0.01\nmax_ics = 50\nbatch = 0", 8, "ensemble.batch: is 0; allowed: an integer in [1, 1000000]"),
    ])
    func refused(ensemble: String, line: Int, fragment: String) {
        expectOneIssue(Self.sweep(ensemble), line: line, fragments: [fragment])
    }

    @Test("an interval target without bootstrap resamples is refused")
    func intervalNeedsBootstrap() {
        expectOneIssue(Self.sweep("target_ci_half_width = 0.02\nmax_ics = 50", fit: "bootstrap = 0"), line: 6,
                       fragments: ["ensemble.target_ci_half_width: needs the bootstrap 95% interval, but fit.bootstrap = 0"])
    }

    @Test("the limits count max_ics, not ics")
    func limitsCountCapacity() {
        let text = "seed = 1\n[training]\neta = { from = 0.01, to = 10, count = 20 }\n[ensemble]\nics = 10\n"
            + "target_se = 0.01\nmax_ics = 1000000\n"
        expectOneIssue(text, line: 7, fragments: [
            "ensemble.max_ics: the sweep may grow to |η| × max_ics = 20 × 1000000 = 20000000 tasks; allowed: at most 10000000",
        ])
    }

    /// A plan over 2 η × 2 ε with `ics` = 2, `batch` = 2, `max_ics` = 8 and target SE 0.05.
    static func plan() throws -> PrecisionPlan {
        let text = """
            seed = 3
            [training]
            eta = [1.0, 2.0]
            [ensemble]
            ics = 2
            epsilon = [1e-8, 1e-4]
            target_se = 0.05
            max_ics = 8
            batch = 2
            """
        let definition = try SweepFile.parse(text: text, path: "p.toml")
        return try #require(PrecisionPlan(definition: definition, tasks: definition.tasks, fits: []))
    }

    /// The fits of one task: at η index 0 the first two ICs lie 0.2 apart (SE 0.1) and the rest at their mean, so the
    /// target is met with 4 ICs (SE ≈ 0.041); at η index 1 nothing is kept.
    static func fits(_ task: SweepTask) -> [ICFit] {
        (0..<2).map { epsilon in
            let lambda = 0.3 + 0.001 * Double(epsilon) + [0.1, -0.1][task.icIndex % 2] * (task.icIndex < 2 ? 1 : 0)
            let fit = LyapunovFit(lambda: lambda, intercept: 0, rSquared: 0.99, window: FitWindow(start: 0, length: 50))
            return ICFit(etaIndex: task.etaIndex, eta: [1.0, 2.0][task.etaIndex], icIndex: task.icIndex, epsilonIndex: epsilon,
                         epsilon: [1e-8, 1e-4][epsilon], fit: fit, verdict: task.etaIndex == 0 ? .kept : .poorFit, divergedAt: nil)
        }
    }

    /// Runs a plan to its end, delivering the pending tasks in the order `pick` chooses; returns every task created.
    static func runToEnd(_ plan: inout PrecisionPlan, pick: ([SweepTask]) -> Int) -> Set<SweepTask> {
        var pending = plan.definition.tasks, created = Set(pending)
        while !pending.isEmpty {
            let task = pending.remove(at: pick(pending))
            plan.add(fits(task))
            let next = plan.nextTasks()
            created.formUnion(next)
            pending += next
        }
        return created
    }

    @Test("decisions depend only on complete prefixes: any delivery order creates the same ICs and closes the same way")
    func orderIndependent() throws {
        var forward = try Self.plan(), backward = try Self.plan(), shuffled = try Self.plan()
        var state: UInt64 = 9
        let a = Self.runToEnd(&forward) { _ in 0 }
        let b = Self.runToEnd(&backward) { $0.count - 1 }
        let c = Self.runToEnd(&shuffled) { pending in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(pending.count))
        }
        #expect(a == b && b == c)
        #expect(forward.created == backward.created && backward.created == shuffled.created)
        #expect(forward.rows() == shuffled.rows())
        // η index 0 stops as soon as its SE is met, below max_ics; η index 1 keeps nothing and runs to max_ics.
        #expect(forward.created == [4, 8])
        #expect(forward.rows().filter { $0.eta == 1.0 }.allSatisfy { $0.status == .met && $0.value! <= 0.05 })
        #expect(forward.rows().filter { $0.eta == 2.0 }.allSatisfy { $0.status == .maxReached && $0.value == nil })
        #expect(forward.closed == [true, true] && forward.nextTasks().isEmpty)
    }

    @Test("a plan rebuilt from what a store holds makes the decisions still due, and no others")
    func resumes() throws {
        var full = try Self.plan()
        let all = Self.runToEnd(&full) { _ in 0 }
        let definition = full.definition
        // Stopped after the first prefix of both η is stored, before any decision was recorded.
        let firstPrefix = definition.tasks
        var resumed = try #require(PrecisionPlan(definition: definition, tasks: firstPrefix, fits: firstPrefix.flatMap(Self.fits)))
        #expect(Set(resumed.nextTasks()) == Set([0, 1].flatMap { eta in (2..<4).map { SweepTask(icIndex: $0, etaIndex: eta) } }))
        var finished = try #require(PrecisionPlan(definition: definition, tasks: Array(all), fits: all.flatMap(Self.fits)))
        #expect(finished.nextTasks().isEmpty && finished.created == full.created)
    }
}
