/// The logistic map x → 4x(1 − x), whose Lyapunov exponent is ln 2: `count` iterates after `start`.
public func logisticSeries(count: Int, start: Double) -> [Double] {
    var x = start
    return (0..<count).map { _ in
        x = 4 * x * (1 - x)
        return x
    }
}
