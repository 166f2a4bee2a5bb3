import Analysis
import Dynamics
import Foundation
import Report
import Testing

@testable import Sweep

@Suite("The tangent row (ε → 0) and the resolution guard in a sweep")
struct TangentAndResolutionTests {
    func context(_ text: String) throws -> SweepContext {
        try SweepContext(definition: try SweepFile.parse(text: text, path: "t.toml"), baseDirectory: ".", file: "t.toml")
    }

    static let tangentText = """
        seed = 42
        [training]
        eta = [0.5, 1.0]
        steps = 60
        [ensemble]
        ics = 3
        members = 3
        epsilon = [1e-12, 1e-6]
        tangent = true
        [fit]
        grid_start_max = 20
        grid_length_min = 10
        grid_length_max = 40
        """

    @Test("`tangent = true` appends the ε = 0 curve after the ε curves; it is fitted and tabled as the ε → 0 row")
    func tangentRow() throws {
        let context = try context(Self.tangentText)
        let definition = context.definition
        #expect(definition.ensemble.curveEpsilons == [1e-12, 1e-6, 0])
        var table = LambdaTable(definition: definition)
        for task in context.tasks {
            let result = context.run(task)
            #expect(result.ensemble.curves.map(\.epsilon) == [1e-12, 1e-6, 0])
            let initial = InitialCondition.draw(architecture: definition.architecture, initStd: 1, sweepSeed: 42, icIndex: task.icIndex)
            let direct = TangentEnsemble(architecture: definition.architecture, train: context.split.train, spec: definition.ensembleSpec)
                .run(initial: initial, learningRate: definition.training.etas[task.etaIndex], sweepSeed: 42, icIndex: task.icIndex)
            #expect(result.ensemble.curves[2] == direct)
            let fits = ICFit.fits(of: result, definition: definition)
            #expect(fits.count == 3 && fits[2].epsilonIndex == 2 && fits[2].epsilon == 0)
            table.add(fits)
        }
        let rows = table.rows()
        #expect(rows.map(\.epsilon) == [1e-12, 1e-6, 0, 1e-12, 1e-6, 0])
        #expect(rows.allSatisfy { $0.estimate.total == 3 })
        #expect(LambdaTableText.render(rows).contains("→ 0"))
        let csv = ResultFiles.lambdaCSV(rows).split(separator: "\n")
        #expect(csv[3].hasPrefix("0.5,0.0,3,") && csv[6].hasPrefix("1.0,0.0,3,"))
    }

    @Test("without `tangent` the definition's canonical JSON is the one it had before the field existed")
    func canonicalIdentity() throws {
        let plain = try SweepFile.parse(text: Self.tangentText.replacingOccurrences(of: "tangent = true\n", with: ""), path: "t.toml")
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("tangent"))
        let decoded = try JSONDecoder().decode(SweepDefinition.self, from: Data(json.utf8))
        #expect(decoded == plain && !decoded.ensemble.tangent)
        let withTangent = try SweepFile.parse(text: Self.tangentText, path: "t.toml")
        let back = try JSONDecoder().decode(SweepDefinition.self, from: try JSONEncoder().encode(withTangent))
        #expect(back.ensemble.tangent && back == withTangent)
    }

    /// The post-learning sweep (η = 1, t₀ = 4000 steps on raw Iris) from initial weights of N(0, 12²): after training
    /// the median |w| is ≈ 8, where ε = 1e-14 is ≈ 3 ulps. (From N(0, 1) the trained weights stay near 1–2 and
    /// ε = 1e-14 is 15–30 ulps: resolved.)
    static let postLearningText = """
        seed = 20231107
        [model]
        init_std = 12
        [training]
        eta = 1.0
        steps = 200
        perturb_at = 4000
        [ensemble]
        ics = 10
        members = 5
        epsilon = [1e-14, 1e-8]
        """

    @Test("on trained weights with |w| ≈ 8 an IC at ε = 1e-14 is unresolved, not a poor fit; nothing changes at ε = 1e-8")
    func unresolvedOnTrainedWeights() throws {
        let context = try context(Self.postLearningText)
        let definition = context.definition
        let filter = definition.fit.filter
        let result = context.run(SweepTask(icIndex: 8, etaIndex: 0))
        let fits = ICFit.fits(of: result, definition: definition)
        let small = result.ensemble.curves[0], large = result.ensemble.curves[1]
        // The perturbed point: the reference after t₀ steps, whose weights are ≈ 8 in size.
        var reference = InitialCondition.draw(architecture: definition.architecture, initStd: 12, sweepSeed: definition.seed, icIndex: 8)
        var evaluator = GradientEvaluator(architecture: definition.architecture, data: context.split.train)
        var gradient = reference
        for _ in 0..<4000 {
            _ = evaluator.lossAndGradient(reference, into: &gradient)
            for j in reference.indices { reference[j] -= gradient[j] }
        }
        let weights = zip(reference, definition.architecture.weightMask).filter(\.1).map { abs($0.0) }.sorted()
        let medianWeight = weights[weights.count / 2]
        #expect(medianWeight > 5 && medianWeight < 16, "median |w| = \(medianWeight)")

        let resolution = try #require(small.resolution)
        #expect(resolution < FitFilter.minResolution, "ε = 1e-14 spans \(resolution) ulps")
        let fit = try #require(fits[0].fit)
        #expect(filter.verdict(for: fit, diverged: false) == .poorFit, "without the guard it is mixed in with the poor fits")
        #expect(fits[0].verdict == .unresolved)

        #expect(try #require(large.resolution) > 1e5)
        #expect(fits[1].verdict == filter.verdict(for: fits[1].fit, diverged: large.diverged), "1e-8 is resolved: the guard changes nothing")

        var table = LambdaTable(definition: definition)
        table.add(fits)
        let rows = table.rows()
        #expect(rows[0].estimate.dropped.unresolved == 1 && rows[0].estimate.dropped.poorFit == 0)
        #expect(ResultFiles.lambdaCSV(rows).hasPrefix("eta,epsilon,total,kept,kept_fraction,lambda_nmle,std,standard_error,ci95_lower,ci95_upper,median_tau,dropped_poor_fit,dropped_below_min_lambda,dropped_diverged,dropped_no_window,dropped_unresolved\n"))
        #expect(LambdaTableText.render(rows).contains("dropped (fit/low/div/unres)"))
    }
}
