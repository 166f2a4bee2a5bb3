extension NetworkArchitecture {
    /// The floating-point operations of one full-batch gradient-descent step of one trajectory, as the
    /// lockstep kernel counts them for its GFLOP/s figures.
    ///
    /// FLOP = N · Σ_l (2ab + 2ab + b + [l > 0] · 2ab) + 4P, for weight layer l with fan-in a and fan-out
    /// b: the forward pre-activations, the weight gradient, the bias gradient and the error propagated
    /// to the layer below (a multiply-add counts 2), plus the update and the distance (2 each per
    /// parameter). Activation functions, `exp`, `log` and divisions are not counted, so this is a
    /// lower bound on the work done (≈ 42.7 kFLOP for [4, 10, 3] on 120 samples).
    ///
    /// - Parameter samples: N, the training samples the loss averages over.
    public func flopsPerStep(samples: Int) -> Int {
        var perSample = 0
        for l in 0..<layerCount {
            let product = layers[l] * layers[l + 1]
            perSample += 4 * product + layers[l + 1] + (l > 0 ? 2 * product : 0)
        }
        return samples * perSample + 4 * parameterCount
    }
}
