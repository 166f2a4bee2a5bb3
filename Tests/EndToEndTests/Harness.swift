import Foundation
import Store
import Sweep
import Testing

/// A scratch folder with a small sweep file, and helpers to run `lyapsweep` processes in it.
struct Harness {
    let directory: String

    /// Creates a temporary folder holding `sweep.toml` with the given text.
    init(sweep text: String) throws {
        directory = NSTemporaryDirectory() + "lyapsweep-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: sweepPath, atomically: true, encoding: .utf8)
    }

    var sweepPath: String { directory + "/sweep.toml" }
    var databasePath: String { directory + "/results.sqlite" }

    /// The `lyapsweep` executable built next to the test bundle.
    static var executable: String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [besideTests, besideTests.deletingLastPathComponent(), URL(fileURLWithPath: ".build/debug")] {
            let path = candidate.appendingPathComponent("lyapsweep").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return ".build/debug/lyapsweep"
    }

    /// Starts `lyapsweep` (or `executable`) with arguments (and extra environment variables) in the folder; its stdout
    /// and stderr go to files named after `label`.
    func start(_ arguments: [String], label: String, environment: [String: String] = [:], executable: String = Harness.executable)
        throws -> RunningProcess
    {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = directory + "/\(label).out", err = directory + "/\(label).err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return RunningProcess(process: process, outPath: out, errPath: err)
    }

    /// Runs `lyapsweep` (or `executable`) to completion (at most `timeout` seconds).
    func run(_ arguments: [String], label: String, timeout: Double = 300, environment: [String: String] = [:],
             executable: String = Harness.executable) async throws -> RunningProcess
    {
        let running = try start(arguments, label: label, environment: environment, executable: executable)
        try await running.wait(timeout: timeout)
        return running
    }

    /// The sweep computed in this process, task by task, for comparison with what the processes stored.
    ///
    /// Computed on a thread of its own (see ``offThePool(_:)``).
    func inProcessResults() async throws -> [TaskResult] {
        let path = sweepPath
        return try await offThePool {
            let context = try SweepContext(try SweepFile.load(path: path))
            let icCount = context.definition.ensemble.ics
            return context.tasks.sorted { $0.id(icCount: icCount) < $1.id(icCount: icCount) }.map { context.run($0) }
        }
    }

    /// What the database holds, in task-id order.
    func storedResults() throws -> [TaskResult] {
        let store = try ResultStore(path: databasePath)
        let definition = try SweepFile.load(path: sweepPath).definition
        return try store.results(icCount: definition.ensemble.ics)
    }

    /// A TCP port on 127.0.0.1 that is free right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A started `lyapsweep` process and its output files.
struct RunningProcess {
    let process: Process
    let outPath: String
    let errPath: String

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    var status: Int32 { process.terminationStatus }

    /// Waits for exit, polling without holding a thread; on timeout kills the process and fails with its output.
    func wait(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("timed out after \(timeout) s\nstdout:\n\(stdout)\nstderr:\n\(stderr)")
            throw HarnessError.timeout
        }
        process.waitUntilExit()
    }

    /// Sends a signal.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// The process ids of `parent`'s children as `/proc` lists them now (each `/proc/PID/stat`'s parent field),
    /// e.g. the workers `run` started.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.range(of: ")", options: .backwards) else { return false }
            // After "pid (comm) ": state, then the parent's pid.
            let fields = stat[close.upperBound...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}

enum HarnessError: Error { case timeout }

/// Polls `condition` every 20 ms for up to `timeout` seconds, sleeping without holding a thread.
func eventually(timeout: Double, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// Waits on a thread of its own until `condition` holds (polled every 20 ms, for at most `timeout` seconds), then
/// runs `then` at once on that thread. For a step that must happen while a child process is still busy (a signal
/// mid-sweep, a look at a live dashboard): the cooperative pool is shared with every other test, and under a full
/// run it may resume an awaiting test only after the child has finished.
///
/// - Returns: `then`'s value, or nil if `condition` never held.
func whenOffThePool<T: Sendable>(
    timeout: Double, _ condition: @escaping @Sendable () -> Bool, then: @escaping @Sendable () throws -> T
) async throws -> T? {
    try await offThePool { () -> T? in
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try then()
    }
}

/// Runs blocking work (a child process's output, a long computation) on a thread of its own.
///
/// All test targets share one process, and Swift's concurrency pool has one thread per core: tests that
/// block those threads starve the in-process dashboard server tests, whose handlers need them.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
