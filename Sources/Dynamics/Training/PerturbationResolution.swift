/// How much of a perturbation survives rounding when it is added to the weights (docs/METHOD.md §2.1).
///
/// A copy starts at fl(w_j + δ_j): with |δ_j| near the spacing of the Float64 numbers around w_j (one unit in
/// the last place, ulp(w_j) = 2^(⌊log₂|w_j|⌋ − 52)) the perturbation that is actually applied is a few whole
/// ulps, or none, and round-off of the training map is of the same size. The resolution of an (IC, ε) ensemble
/// is the median over its M members and every perturbed parameter j of
///
///     |fl(w_j + δ_j) − w_j| / ulp(w_j),
///
/// the applied perturbation in units of the weight's last place (the subtraction is exact). It is about
/// ε / (2 ulp(w)): ≈ 45 at ε = 1e-14 for weights near 1, ≈ 3 for weights near 8.
public enum PerturbationResolution {
    /// The median resolution of the ensemble of ε number `epsilonIndex` around `reference`.
    ///
    /// - Parameters:
    ///   - reference: The perturbed point W(t₀).
    ///   - perturbed: Which parameters are perturbed (``NetworkArchitecture/weightMask`` or all).
    ///   - epsilon: ε of the ensemble.
    ///   - epsilonIndex: Its position in the sweep (names the perturbation stream with the IC and member).
    ///   - members: M.
    /// - Returns: The median (the mean of the two middle values for an even count); nil if nothing is perturbed.
    public static func median(
        reference: [Double], perturbed: [Bool], epsilon: Double, epsilonIndex: Int, members: Int,
        sweepSeed: UInt64, icIndex: Int
    ) -> Double? {
        var units: [Double] = []
        units.reserveCapacity(members * reference.count)
        for member in 0..<members {
            let delta = Perturbation.draw(
                perturbed: perturbed, epsilon: epsilon, sweepSeed: sweepSeed, icIndex: icIndex,
                epsilonIndex: epsilonIndex, memberIndex: member)
            for j in reference.indices where perturbed[j] {
                let w = reference[j]
                units.append(abs((w + delta[j]) - w) / w.ulp)
            }
        }
        guard !units.isEmpty else { return nil }
        units.sort()
        let middle = units.count / 2
        return units.count % 2 == 1 ? units[middle] : (units[middle - 1] + units[middle]) / 2
    }
}

extension EnsembleResult {
    /// The result with every ε curve's ``DivergenceCurve/resolution`` measured at the perturbed point `reference`.
    ///
    /// - Parameters:
    ///   - reference: W(t₀), the point the copies were made from.
    ///   - spec: The ensemble spec (ε list, M, which parameters are perturbed).
    func measuringResolution(
        at reference: [Double], architecture: NetworkArchitecture, spec: EnsembleSpec, sweepSeed: UInt64, icIndex: Int
    ) -> EnsembleResult {
        let perturbed = spec.perturbBiases
            ? [Bool](repeating: true, count: architecture.parameterCount) : architecture.weightMask
        var result = self
        for index in result.curves.indices where index < spec.epsilons.count {
            result.curves[index].resolution = PerturbationResolution.median(
                reference: reference, perturbed: perturbed, epsilon: spec.epsilons[index], epsilonIndex: index,
                members: spec.members, sweepSeed: sweepSeed, icIndex: icIndex)
        }
        return result
    }
}
