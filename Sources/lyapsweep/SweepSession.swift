import ArgumentParser
import Coordinator
import Foundation
import Logging
import Report
import Store
import Sweep

/// The parts `run` and `coordinator` share: open the sweep and its database, run a coordinator with a
/// progress line, and print and write the results.
struct SweepSession {
    let sweep: LoadedSweep
    let context: SweepContext
    let store: ResultStore
    let outputDirectory: String
    let started = Date()

    /// Loads and validates the sweep, opens (or resumes) its database.
    static func open(_ options: SweepOptions) throws -> SweepSession {
        var sweep: LoadedSweep
        let context: SweepContext
        do {
            sweep = try SweepFile.load(path: options.sweepFile)
            if let ics = options.ics { sweep.definition.ensemble.ics = ics }
            context = try SweepContext(sweep)
        } catch let error as SweepFileError {
            printError(error.description)
            throw ExitCode.validationFailure
        }
        let dbPath = options.db ?? "results/\(sweep.definition.name)/results.sqlite"
        do {
            let store = try ResultStore(path: dbPath)
            let created = try store.beginRun(sweep: sweep, tasks: context.tasks, softwareVersion: LyapsweepVersion.current)
            if !created {
                let done = try store.taskIDs(state: .done).count
                printError("lyapsweep: resuming \(dbPath): \(done) of \(context.tasks.count) tasks already done")
            }
            let out = options.out ?? (dbPath as NSString).deletingLastPathComponent
            return SweepSession(sweep: sweep, context: context, store: store, outputDirectory: out.isEmpty ? "." : out)
        } catch let error as StoreError {
            printError("lyapsweep: \(error.description)")
            throw ExitCode(2)
        }
    }

    func makeCoordinator(configuration: CoordinatorConfiguration, logger: Logger) -> Coordinator {
        Coordinator(sweep: sweep, store: store, configuration: configuration, logger: logger)
    }

    /// Runs the coordinator on its own thread, drawing progress until it returns.
    func runCoordinator(_ coordinator: Coordinator, quiet: Bool) async throws -> CoordinatorSummary {
        let line = ProgressLine(stepsPerTask: context.trajectoryStepsPerTask, enabled: !quiet)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                line.update(coordinator.progress.withLock { $0 })
            }
        }
        defer { ticker.cancel() }
        let summary = try await runOnThread { try coordinator.run() }
        ticker.cancel()
        line.update(summary.progress, force: true)
        line.finish()
        return summary
    }

    /// Prints the λ table and writes the result files from the database (all results, this session's and earlier ones).
    func finish(summary: CoordinatorSummary) throws {
        let fits = try store.fits()
        print(LambdaTableText.render(summary.rows))
        try ResultFiles.write(rows: summary.rows, fits: fits, sweepText: sweep.text, to: outputDirectory)
        let seconds = Date().timeIntervalSince(started)
        let progress = summary.progress
        print(String(format: "\n%d/%d tasks done%@ · %d trajectory-steps this session in %.1f s (%.0f trajectory-steps/s)",
                     progress.done, progress.total, progress.failed > 0 ? ", \(progress.failed) FAILED" : "",
                     progress.trajectorySteps, seconds, Double(progress.trajectorySteps) / max(seconds, 1e-9)))
        if progress.rejectedFrames > 0 {
            print("rejected frames: " + summary.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        print("database: \(store.path)")
        print("results: \(outputDirectory)")
    }
}
