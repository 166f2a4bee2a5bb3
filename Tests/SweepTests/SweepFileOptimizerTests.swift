import Dynamics
import Foundation
import TestSupport
import Testing

@testable import Sweep

@Suite("Optimizers in sweep files")
struct SweepFileOptimizerTests {
    static func text(_ training: String, diagnostics: String = "") -> String {
        """
        seed = 1
        [training]
        eta = 0.1
        steps = 30
        \(training)
        [ensemble]
        ics = 2
        members = 2
        epsilon = [1e-8, 1e-4]
        [fit]
        grid_start_max = 5
        grid_length_min = 10
        grid_length_max = 20
        \(diagnostics)
        """
    }

    @Test("optimizer and its hyper-parameters are read; the defaults are gd and PyTorch's")
    func reads() throws {
        let adam = try SweepFile.parse(text: Self.text("optimizer = \"adam\"\nbeta2 = 0.99\nweight_decay = 1e-4"), path: "a.toml")
        #expect(adam.training.optimizer == Optimizer(kind: .adam, beta2: 0.99, weightDecay: 1e-4))
        #expect(adam.ensembleSpec.optimizer == adam.training.optimizer)
        let momentum = try SweepFile.parse(text: Self.text("optimizer = \"momentum\"\nmomentum = 0.5"), path: "m.toml")
        #expect(momentum.training.optimizer == Optimizer(kind: .momentum, momentum: 0.5))
        #expect(try SweepFile.parse(text: Self.text(""), path: "g.toml").training.optimizer == .gd)
    }

    @Test("a gd sweep's stored identity has no optimizer field, and another optimizer's round-trips")
    func identity() throws {
        let gd = try SweepFile.parse(text: Self.text(""), path: "g.toml")
        let json = String(decoding: try JSONEncoder().encode(gd), as: UTF8.self)
        #expect(!json.contains("optimizer"))
        let nesterov = try SweepFile.parse(text: Self.text("optimizer = \"nesterov\""), path: "n.toml")
        #expect(try JSONDecoder().decode(SweepDefinition.self, from: JSONEncoder().encode(nesterov)) == nesterov)
        #expect(try JSONDecoder().decode(SweepDefinition.self, from: JSONEncoder().encode(gd)) == gd)
    }

    @Test("an unknown optimizer, a value out of range and a parameter the optimizer does not use are refused on their line")
    func errors() {
        expectOneIssue(Self.text("optimizer = \"rmsprop\""), line: 5, fragments: ["training.optimizer", "\"gd\", \"momentum\", \"nesterov\", \"adam\""])
        expectOneIssue(Self.text("optimizer = \"momentum\"\nmomentum = 1.0"), line: 6, fragments: ["training.momentum", "is 1.0", "[0, 1)"])
        expectOneIssue(Self.text("optimizer = \"momentum\"\nbeta1 = 0.8"), line: 6,
                       fragments: ["training.beta1", "not a parameter of optimizer = \"momentum\"", "optimizer = \"adam\""])
        expectOneIssue(Self.text("momentum = 0.8"), line: 5, fragments: ["training.momentum", "optimizer = \"gd\"", "\"momentum\" or \"nesterov\""])
        expectOneIssue(Self.text("optimizer = \"adam\"\nepsilon_adam = 0"), line: 6, fragments: ["training.epsilon_adam", "> 0"])
        expectOneIssue(Self.text("weight_decay = -1"), line: 5, fragments: ["training.weight_decay", "≥ 0"])
    }

    @Test("diagnostics with another map than plain gradient descent are refused before anything runs")
    func diagnosticsRefused() {
        expectOneIssue(Self.text("optimizer = \"adam\"", diagnostics: "[diagnostics]\nbenettin = true"), line: 5,
                       fragments: ["training.optimizer", "\"adam\"", "Jacobian", "optimizer = \"gd\""])
        expectOneIssue(Self.text("weight_decay = 0.1", diagnostics: "[diagnostics]\nspectrum = 2"), line: 5,
                       fragments: ["training.weight_decay", "with weight_decay", "Jacobian"])
    }

    @Test("the optimizer's state is counted in a task's memory, per trajectory and vector")
    func footprint() throws {
        let gd = try SweepFile.parse(text: Self.text(""), path: "g.toml")
        let adam = try SweepFile.parse(text: Self.text("optimizer = \"adam\""), path: "a.toml")
        let momentum = try SweepFile.parse(text: Self.text("optimizer = \"momentum\""), path: "m.toml")
        let p = Double(gd.architecture.parameterCount), trajectories = 1.0 + 2 * 2
        let base = TaskFootprint(definition: gd, trainSamples: 120).memoryBytes
        #expect(TaskFootprint(definition: momentum, trainSamples: 120).memoryBytes == base + trajectories * p * 8)
        #expect(TaskFootprint(definition: adam, trainSamples: 120).memoryBytes == base + 2 * trajectories * p * 8)
    }

    @Test("a sweep with each optimizer computes its tasks with the plain runner, gd with the kernel",
          arguments: ["gd", "momentum", "nesterov", "adam"])
    func runs(kind: String) throws {
        let definition = try SweepFile.parse(text: Self.text("optimizer = \"\(kind)\""), path: "o.toml")
        let context = try SweepContext(definition: definition, baseDirectory: ".", file: "o.toml")
        let task = context.tasks[1]
        let result = context.run(task)
        let initial = InitialCondition.draw(architecture: definition.architecture, initStd: 1, sweepSeed: 1, icIndex: task.icIndex)
        let expected = kind == "gd"
            ? EnsembleKernel(architecture: definition.architecture, train: context.split.train, spec: definition.ensembleSpec)
                .run(initial: initial, learningRate: 0.1, sweepSeed: 1, icIndex: task.icIndex)
            : EnsembleRunner(architecture: definition.architecture, train: context.split.train, spec: definition.ensembleSpec)
                .run(initial: initial, learningRate: 0.1, sweepSeed: 1, icIndex: task.icIndex)
        #expect(result.ensemble == expected)
        #expect(result.ensemble.referenceLoss.count == 31)
        #expect(result.ensemble.referenceLoss.last! < result.ensemble.referenceLoss.first!)
    }
}
