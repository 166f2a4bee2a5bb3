import Foundation

/// y(t) = ln⟨d⟩(t) of one curve, prepared for fitting many windows of it.
///
/// Keeps a running count of the non-finite y so that the validity of any window is checked in O(1).
struct LogDistanceCurve {
    /// ln⟨d⟩(t); −∞ where ⟨d⟩ = 0, NaN where ⟨d⟩ is negative or NaN, +∞ where it is +∞.
    let logDistance: [Double]
    /// `nonFiniteBefore[t]` is the number of non-finite y at steps < t; count + 1 entries.
    private let nonFiniteBefore: [Int]

    /// The number of time steps of the curve.
    var count: Int { logDistance.count }

    /// Takes the logarithm of every ⟨d⟩(t).
    init(meanDistance: [Double]) {
        logDistance = meanDistance.map { Foundation.log($0) }
        var running = 0
        var before = [0]
        before.reserveCapacity(meanDistance.count + 1)
        for y in logDistance {
            if !y.isFinite { running += 1 }
            before.append(running)
        }
        nonFiniteBefore = before
    }

    /// The least-squares fit of y against t on the given steps, or nil if the window is not valid
    /// (fewer than 3 steps, or a non-finite y among them).
    ///
    /// - Precondition: `steps` lies within 0..<count.
    func fit(steps: Range<Int>) -> LyapunovFit? {
        guard steps.count >= 3,
              nonFiniteBefore[steps.upperBound] == nonFiniteBefore[steps.lowerBound],
              let line = LinearFit.leastSquares(xs: steps.lazy.map(Double.init), ys: logDistance[steps])
        else { return nil }
        return LyapunovFit(lambda: line.slope, intercept: line.intercept, rSquared: line.rSquared,
                           window: FitWindow(start: steps.lowerBound, length: steps.count))
    }
}
