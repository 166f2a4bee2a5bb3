/// Draws the initial parameters of a network (docs/METHOD.md §1).
public enum InitialCondition {
    /// The parameters of initial condition `icIndex`: weights iid N(0, initStd²), biases 0.
    ///
    /// The draw depends only on (sweep seed, IC index): weights are taken from the stream in canonical
    /// parameter order, biases consume nothing.
    public static func draw(
        architecture: NetworkArchitecture, initStd: Double, sweepSeed: UInt64, icIndex: Int
    ) -> [Double] {
        var stream = RandomStream(.initialCondition, [sweepSeed, UInt64(icIndex)])
        var parameters = [Double](repeating: 0, count: architecture.parameterCount)
        for l in 0..<architecture.layerCount {
            var weights = [Double](repeating: 0, count: architecture.layers[l + 1] * architecture.layers[l])
            stream.fillGaussian(&weights, standardDeviation: initStd)
            let offset = architecture.weightOffset(layer: l)
            parameters.replaceSubrange(offset..<(offset + weights.count), with: weights)
        }
        return parameters
    }
}

/// Draws the perturbation δ of one ensemble member (docs/METHOD.md §2).
public enum Perturbation {
    /// δ for member `memberIndex` of IC `icIndex` at ε number `epsilonIndex`: δ_j iid Uniform(−ε, ε)
    /// for every perturbed parameter j, 0 elsewhere.
    ///
    /// - Parameters:
    ///   - perturbed: Which parameters are perturbed (weights only by default; see
    ///     ``NetworkArchitecture/weightMask``). Only perturbed parameters consume the stream.
    public static func draw(
        perturbed: [Bool], epsilon: Double, sweepSeed: UInt64, icIndex: Int, epsilonIndex: Int, memberIndex: Int
    ) -> [Double] {
        var stream = RandomStream(
            .perturbation, [sweepSeed, UInt64(icIndex), UInt64(epsilonIndex), UInt64(memberIndex)])
        return perturbed.map { $0 ? stream.nextSymmetric(halfWidth: epsilon) : 0 }
    }
}
