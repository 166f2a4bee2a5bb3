/// The size of the tasks a load test's sweep has, and so of every RESULT its simulated workers send.
public enum TaskShape: String, Sendable, CaseIterable, Codable {
    /// Iris [4, 10, 3], T = 10, one ε, M = 1, a fixed fit window: the smallest result (2 curves of 11 points),
    /// so the coordinator's per-message costs dominate.
    case small
    /// The default task: Iris [4, 10, 3], T = 200, the 13 default ε, M = 5 (14 series of 201 points).
    case `default`
    /// The default task with T = 1000 (14 series of 1001 points, ≈ 112 kB of curves per result).
    case t1000 = "T1000"

    /// The text of a sweep of this shape with `ics` initial conditions at one η (so `ics` tasks).
    ///
    /// Bootstrap resamples are 0: the load test measures the coordinator while it stores results, not the
    /// λ table it prints at the end.
    public func sweepText(ics: Int) -> String {
        let body: String
        switch self {
        case .small:
            body = """
                [training]
                eta = 1.0
                steps = 10

                [ensemble]
                ics = \(ics)
                members = 1
                epsilon = [1e-8]

                [fit]
                window = "fixed"
                fixed_start = 0
                fixed_end = 10
                bootstrap = 0
                """
        case .default, .t1000:
            body = """
                [training]
                eta = 1.0
                steps = \(self == .t1000 ? 1000 : 200)

                [ensemble]
                ics = \(ics)
                members = 5

                [fit]
                bootstrap = 0
                """
        }
        return """
            # Written by `lyapsweep loadtest --task-shape \(rawValue)`.
            name = "loadtest-\(rawValue)"
            seed = 20231107

            [data]
            dataset = "iris"

            [model]
            layers = [4, 10, 3]
            activation = "sigmoid"

            \(body)

            """
    }
}
