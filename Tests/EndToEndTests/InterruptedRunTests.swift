import Foundation
import Store
import Testing

/// Ctrl-C on `lyapsweep run`: a short summary and the command that resumes, not the table of a sweep mostly undone.
@Suite("An interrupted run", .serialized)
struct InterruptedRunTests {
    /// Ctrl-C's SIGINT; SIGTERM (the same graceful stop) when this test process was started with SIGINT ignored,
    /// as a shell starts background jobs: its children inherit that and would never see the SIGINT.
    static var interrupt: Int32 {
        var current = sigaction()
        sigaction(SIGINT, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 ? SIGTERM : SIGINT
    }

    @Test("Ctrl-C mid-sweep: exit 130, counts and result places on stdout without the λ table, the resume command on stderr")
    func interrupted() async throws {
        let harness = try Harness(sweep: smallSweep)
        let arguments = ["run", harness.sweepPath, "--workers", "1", "--db", harness.databasePath]
        let run = try harness.start(arguments, label: "run")
        defer { run.signal(SIGKILL) }
        // The signal goes as soon as two results are stored, from the polling thread: 16 tasks take well under a second.
        let (database, pid, signal) = (harness.databasePath, run.pid, Self.interrupt)
        let sent = try await whenOffThePool(timeout: 120, {
            ((try? ResultStore(path: database, mode: .readOnly).resultCount()) ?? 0) >= 2
        }, then: { kill(pid, signal) == 0 })
        #expect(sent == true, "\(run.stderr)")
        try await run.wait(timeout: 60)
        #expect(run.status == 130, "\(run.stderr)")
        #expect(!run.stdout.contains("lambda_nMLE"), "no λ table: \(run.stdout)")
        #expect(run.stdout.contains("/16 tasks done") && run.stdout.contains("database: \(harness.databasePath)"), "\(run.stdout)")
        let resume = try #require(run.stderr.split(separator: "\n").first { $0.contains("resume with: ") }, "\(run.stderr)")
        #expect(resume.contains("lyapsweep ") && resume.hasSuffix(arguments.joined(separator: " ")), "\(resume)")
        #expect(resume.contains("tasks left)"))
    }
}
