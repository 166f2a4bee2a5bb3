import Foundation

/// Benettin's running estimate of the largest Lyapunov exponent of a map x → f(x), from a companion
/// trajectory kept at Euclidean distance δ₀ from the reference.
///
/// After every step of both trajectories the separation δ_s = ‖x′ − x‖₂ is measured, ln(δ_s/δ₀) is
/// accumulated, and the companion is put back at distance δ₀ along the current separation direction,
/// x′ ← x + δ₀ (x′ − x)/δ_s. The running estimate after t steps is
///
///     λ̂(t) = (1/t) Σ_{s=1}^{t} ln(δ_s/δ₀)   (per step),
///
/// which tends to the largest exponent for a generic start as t → ∞ when δ₀ is small enough for the
/// linearisation to hold over one step.
public struct BenettinEstimator: Sendable {
    /// The distance δ₀ the companion is restored to after every step.
    public let delta0: Double
    /// λ̂(t) for t = 1, 2, … (one entry per ``renormalise(reference:companion:)`` that succeeded).
    public private(set) var running: [Double] = []
    private var logSum = 0.0

    /// Creates an estimator with no steps recorded.
    ///
    /// - Precondition: `delta0 > 0`.
    public init(delta0: Double) {
        precondition(delta0 > 0 && delta0.isFinite, "δ₀ must be positive and finite")
        self.delta0 = delta0
    }

    /// The companion of `reference`: x + δ₀ u/‖u‖₂ for a direction u.
    ///
    /// - Precondition: `direction` has the reference's length and a non-zero finite norm.
    public func companion(of reference: [Double], direction: [Double]) -> [Double] {
        precondition(direction.count == reference.count, "one direction entry per coordinate")
        let norm = Self.euclideanNorm(direction)
        precondition(norm > 0 && norm.isFinite, "the direction must be non-zero and finite")
        return reference.indices.map { reference[$0] + delta0 * direction[$0] / norm }
    }

    /// Records one step: measures δ = ‖x′ − x‖₂ after both trajectories stepped, appends
    /// λ̂(t) = (previous sum + ln(δ/δ₀))/t, and restores the companion to x + δ₀ (x′ − x)/δ.
    ///
    /// - Returns: `false`, recording nothing and leaving the companion as it is, if δ is zero or not
    ///   finite (the trajectories merged or one diverged); the estimate cannot continue then.
    @discardableResult
    public mutating func renormalise(reference: [Double], companion: inout [Double]) -> Bool {
        precondition(companion.count == reference.count, "the trajectories must have the same dimension")
        var squares = 0.0
        for j in reference.indices {
            let difference = companion[j] - reference[j]
            squares += difference * difference
        }
        let separation = squares.squareRoot()
        guard separation > 0, separation.isFinite else { return false }
        logSum += Foundation.log(separation / delta0)
        running.append(logSum / Double(running.count + 1))
        let scale = delta0 / separation
        for j in reference.indices { companion[j] = reference[j] + scale * (companion[j] - reference[j]) }
        return true
    }

    /// Runs a map for `steps` steps from `initial` with a companion started along `direction`, and
    /// returns λ̂(1) … λ̂(steps), cut short where the estimate cannot continue (see
    /// ``renormalise(reference:companion:)``).
    ///
    /// - Parameters:
    ///   - map: One step x → f(x), applied in place.
    public static func runningExponent(
        initial: [Double], direction: [Double], delta0: Double, steps: Int, map: (inout [Double]) -> Void
    ) -> [Double] {
        var estimator = BenettinEstimator(delta0: delta0)
        var reference = initial
        var companion = estimator.companion(of: initial, direction: direction)
        for _ in 0..<steps {
            map(&reference)
            map(&companion)
            guard estimator.renormalise(reference: reference, companion: &companion) else { break }
        }
        return estimator.running
    }

    static func euclideanNorm(_ vector: [Double]) -> Double {
        var squares = 0.0
        for value in vector { squares += value * value }
        return squares.squareRoot()
    }
}
