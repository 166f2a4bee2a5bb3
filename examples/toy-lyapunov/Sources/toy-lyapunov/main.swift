// λ_nMLE of a toy ensemble with lyapsweep's libraries alone: train Iris networks [4, 10, 3] from 20 initial
// conditions with full-batch gradient descent at η = 1, each with 5 copies moved by ε = 1e-8, fit the exponential
// phase of the mean distance, keep the good fits and average them (docs/METHOD.md §1–§4 of lyapsweep).
import Analysis
import Dynamics

let iris = try BundledDataset.iris.load()
let split = DataSplit(dataset: iris, trainCount: 120, testCount: 30, seed: 0, standardize: false)
let architecture = NetworkArchitecture(layers: [4, 10, 3], activation: .sigmoid)
let kernel = EnsembleKernel(architecture: architecture, train: split.train,
                            spec: EnsembleSpec(epsilons: [1e-8], members: 5, steps: 200))
let filter = FitFilter(minRSquared: 0.9, minLambda: 0.05)
var cell = LambdaAccumulator()
for ic in 0..<20 {
    let initial = InitialCondition.draw(architecture: architecture, initStd: 1, sweepSeed: 1, icIndex: ic)
    let curve = kernel.run(initial: initial, learningRate: 1, sweepSeed: 1, icIndex: ic).curves[0]
    let fit = curve.diverged ? nil : LyapunovFitter.fit(meanDistance: curve.meanDistance, rule: .grid(GridWindowSearch()))
    cell.add(icIndex: ic, verdict: filter.verdict(for: fit, diverged: curve.diverged), fit: fit)
}
var generator = SystemRandomNumberGenerator()
let estimate = cell.estimate(bootstrapResamples: 0, histogramBins: 10, using: &generator)
guard let lambda = estimate.mean else { fatalError("no initial condition was kept") }
print("λ_nMLE(ε = 1e-8, η = 1) = \(lambda) per step, \(estimate.kept) of \(estimate.total) initial conditions kept")
