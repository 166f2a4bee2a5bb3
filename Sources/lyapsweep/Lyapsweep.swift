import ArgumentParser
import Runtime
import Sweep

/// The `lyapsweep` command: finite network Lyapunov exponents of neural-network training, swept over ε and η.
@main
struct Lyapsweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lyapsweep",
        abstract: "Measure whether neural networks that start ε apart diverge exponentially while they train.",
        discussion: """
            A sweep file (TOML) names a dataset, a network, learning rates η and perturbation sizes ε. For every \
            initial condition, lyapsweep trains a reference network and M perturbed copies with the same gradient \
            descent, fits the exponential phase of their mean distance to get Λ, filters poor fits and averages Λ \
            over initial conditions into λ_nMLE(η, ε). See sweeps/ for ready-made sweeps, and docs/sweep-limits.md \
            for the largest sweep accepted.

            Exit statuses:
            \(ExitStatus.helpText)
            """,
        version: "lyapsweep \(LyapsweepVersion.current) (git \(BuildInfo.commit))",
        subcommands: [RunCommand.self, CoordinatorCommand.self, WorkerCommand.self, StatusCommand.self, DashboardCommand.self, ValidateCommand.self, ReportCommand.self, RefitCommand.self, ExportCommand.self, KeysCommand.self, BenchCommand.self, LoadTestCommand.self]
    )
}
