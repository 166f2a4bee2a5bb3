/// An ordinary least-squares straight line y = intercept + slope·x, with its coefficient of determination.
///
/// Computed with centred (two-pass) sums, which keeps the slope accurate when x is far from 0
/// (late windows) and y has a large offset (ln⟨d⟩ near ln 1e-14 ≈ −32).
public struct LinearFit: Hashable, Sendable, Codable {
    /// The slope dy/dx, in units of y per unit of x.
    public var slope: Double
    /// The value of the line at x = 0, in units of y.
    public var intercept: Double
    /// The coefficient of determination R² ∈ [0, 1]: the fraction of the variance of y the line explains.
    ///
    /// Computed as S_xy² / (S_xx · S_yy), equal to 1 − SS_res / SS_tot for a least-squares line with an
    /// intercept, and clamped to at most 1 against rounding. It is 0 when y has zero variance
    /// (a flat line explains nothing there is to explain).
    public var rSquared: Double
    /// The number of (x, y) points fitted (at least 2).
    public var pointCount: Int

    /// Creates a fit from its parts, for example when reading one back from storage.
    ///
    /// - Parameters:
    ///   - slope: The slope dy/dx.
    ///   - intercept: The value at x = 0.
    ///   - rSquared: The coefficient of determination.
    ///   - pointCount: The number of points fitted.
    public init(slope: Double, intercept: Double, rSquared: Double, pointCount: Int) {
        self.slope = slope
        self.intercept = intercept
        self.rSquared = rSquared
        self.pointCount = pointCount
    }

    /// Fits y = intercept + slope·x to paired points by ordinary least squares.
    ///
    /// Non-finite inputs give non-finite results; callers that need a meaningful fit pass finite values.
    ///
    /// - Parameters:
    ///   - x: The abscissae.
    ///   - y: The ordinates, paired with `x` by position.
    /// - Returns: The fit, or nil if there are fewer than 2 points or all x are equal.
    /// - Precondition: `x.count == y.count`.
    public static func leastSquares(x: [Double], y: [Double]) -> LinearFit? {
        precondition(x.count == y.count, "x and y must have the same number of points")
        return leastSquares(xs: x, ys: y)
    }

    /// The least-squares core, generic so the window search can fit slices without copying them.
    ///
    /// Both sequences are traversed in order, so for the same values the result is bit-identical
    /// to ``leastSquares(x:y:)``.
    static func leastSquares(xs: some Collection<Double>, ys: some Collection<Double>) -> LinearFit? {
        let count = xs.count
        guard count >= 2 else { return nil }
        let n = Double(count)
        var sumX = 0.0
        var sumY = 0.0
        for (x, y) in zip(xs, ys) {
            sumX += x
            sumY += y
        }
        let meanX = sumX / n
        let meanY = sumY / n
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for (x, y) in zip(xs, ys) {
            let dx = x - meanX
            let dy = y - meanY
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let rSquared = syy == 0 ? 0 : min(1, slope * (sxy / syy))
        return LinearFit(slope: slope, intercept: meanY - slope * meanX, rSquared: rSquared, pointCount: count)
    }
}
