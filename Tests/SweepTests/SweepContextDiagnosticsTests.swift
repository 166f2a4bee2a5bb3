import Diagnostics
import Dynamics
import TestSupport
import Testing

@testable import Sweep

@Suite("Tasks with diagnostics")
struct SweepContextDiagnosticsTests {
    static let text = """
        seed = 42
        [training]
        eta = [0.5, 1.0]
        steps = 30
        perturb_at = 5
        [ensemble]
        ics = 2
        members = 2
        epsilon = [1e-8]
        [model]
        ghosts = 2
        """ + "\n" + SweepTexts.diagnosticsTable(acfLags: 10, surrogates: 19)

    func context(_ text: String = text) throws -> SweepContext {
        try SweepContext(definition: try SweepFile.parse(text: text, path: "t.toml"), baseDirectory: ".", file: "t.toml")
    }

    @Test("a task's diagnostics are the runner's along its reference: same IC, η, t₀ + T steps, sweep seed and IC index")
    func followsTheReference() throws {
        let context = try context()
        let definition = context.definition
        let task = SweepTask(icIndex: 1, etaIndex: 1)
        let result = context.run(task)
        let initial = InitialCondition.draw(architecture: definition.architecture, initStd: 1, sweepSeed: 42, icIndex: 1)
        let direct = TrainingDiagnosticsRunner.run(
            settings: definition.diagnostics, architecture: definition.architecture, ghosts: 2, train: context.split.train,
            initial: initial, learningRate: 1.0, steps: 35, seed: 42, icIndex: 1)
        let diagnostics = try #require(result.diagnostics)
        #expect(diagnostics == direct)
        #expect(diagnostics.benettin.count == 35 && diagnostics.gradientNorm.count == 36 && diagnostics.ghostMass.count == 36)
        #expect(diagnostics.spectrum.count == 3 && diagnostics.weightPathLength.count == definition.architecture.parameterCount)
        #expect(definition.architecture.layers == [4, 10, 5])
        #expect(context.run(task) == result, "a task is a pure function of the sweep and (IC, η)")
    }

    @Test("ghost units alone record the ghost mass; a sweep without either computes no diagnostics")
    func ghostsAlone() throws {
        let ghostsOnly = try context("seed = 1\n[training]\neta = 1.0\nsteps = 10\n[ensemble]\nics = 1\nmembers = 1\nepsilon = 1e-8\n[model]\nghosts = 1\n[fit]\ngrid_length_min = 5\n")
        let diagnostics = try #require(ghostsOnly.run(SweepTask(icIndex: 0, etaIndex: 0)).diagnostics)
        #expect(diagnostics.ghostMass.count == 11 && diagnostics.benettin.isEmpty && diagnostics.spectrum.isEmpty)
        let plain = try context("seed = 1\n[training]\neta = 1.0\nsteps = 10\n[ensemble]\nics = 1\nmembers = 1\nepsilon = 1e-8\n[fit]\ngrid_length_min = 5\n")
        #expect(plain.run(SweepTask(icIndex: 0, etaIndex: 0)).diagnostics == nil)
    }

    @Test("ghosts = 0 and diagnostics that record nothing extra leave the ensemble bit-identical to the plain model")
    func zeroGhostsIsThePlainModel() throws {
        let plainText = "seed = 3\n[training]\neta = 1.0\nsteps = 200\n[ensemble]\nics = 2\nmembers = 3\nepsilon = [1e-12, 1e-6]\n"
        let plain = try context(plainText)
        let zeroGhosts = try context(plainText + "[model]\nghosts = 0\n[diagnostics]\ninvariant_measure = true\n")
        #expect(zeroGhosts.definition.architecture == plain.definition.architecture)
        for ic in 0..<2 {
            let task = SweepTask(icIndex: ic, etaIndex: 0)
            let withDiagnostics = zeroGhosts.run(task)
            let without = plain.run(task)
            #expect(withDiagnostics.ensemble == without.ensemble, "the kernel's curves and reference loss are the same bits")
            let diagnostics = try #require(withDiagnostics.diagnostics)
            #expect(diagnostics.ghostMass.isEmpty)
            // The runner's own reference (the plain evaluator, no fused multiply-adds) starts from the same loss
            // to rounding.
            let runner = try #require(diagnostics.runningMeanLoss.first), kernel = try #require(without.ensemble.referenceLoss.first)
            #expect(abs(runner - kernel) <= 1e-13 * max(1, abs(kernel)))
        }
    }

    @Test("ghost mass decays while Iris trains at η = 1 (K = 2)")
    func ghostMassDecays() throws {
        let context = try context("seed = 7\n[training]\neta = 1.0\nsteps = 1000\n[ensemble]\nics = 3\nmembers = 1\nepsilon = 1e-8\n[model]\nghosts = 2\n")
        for ic in 0..<3 {
            let mass = try #require(context.run(SweepTask(icIndex: ic, etaIndex: 0)).diagnostics?.ghostMass)
            #expect(mass.count == 1001)
            #expect(mass[0] > 0.05, "two of five output units start with a sizeable share: \(mass[0])")
            #expect(mass[1000] < mass[0] / 10, "IC \(ic): ghost mass \(mass[0]) → \(mass[1000])")
            #expect(mass[500...].max()! < mass[0], "IC \(ic): no return to the initial mass")
        }
    }
}
