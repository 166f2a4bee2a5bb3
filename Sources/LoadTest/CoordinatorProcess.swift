import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `lyapsweep coordinator` started as a child process, with its CPU time and memory followed through
/// /proc. Restarting it runs the same command again (same sweep, endpoint and database), as an operator would
/// after a crash.
final class CoordinatorProcess {
    let executable: String
    let arguments: [String]
    /// Where the coordinators' standard output and error go (appended across restarts).
    let outputPath: String
    let errorPath: String
    private(set) var process: Process
    /// How many times the coordinator was started.
    private(set) var starts = 0
    /// CPU seconds of the coordinators killed so far.
    private(set) var cpuSecondsOfKilled = 0.0
    /// Run-queue seconds of the coordinators killed so far.
    private(set) var runQueueSecondsOfKilled = 0.0
    /// Bytes the coordinators killed so far wrote to storage.
    private(set) var writtenBytesOfKilled = 0
    /// The largest VmHWM seen in any of them, in bytes.
    private(set) var peakResidentBytes = 0
    /// The last sample of the running coordinator.
    private(set) var last: ProcessSample?

    init(executable: String, arguments: [String], outputPath: String, errorPath: String) throws {
        self.executable = executable
        self.arguments = arguments
        self.outputPath = outputPath
        self.errorPath = errorPath
        for path in [outputPath, errorPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        process = Process()
        try start()
    }

    /// Starts the command (again).
    func start() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        out.seekToEndOfFile()
        err.seekToEndOfFile()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        starts += 1
        last = nil
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// Samples the running coordinator's /proc entries; returns the sample (nil once it has exited).
    @discardableResult
    func sample() -> ProcessSample? {
        guard let now = ProcessSample(pid: pid) else { return nil }
        last = now
        peakResidentBytes = max(peakResidentBytes, now.peakResidentBytes)
        return now
    }

    /// CPU seconds of every coordinator started so far, as last sampled.
    var cpuSeconds: Double { cpuSecondsOfKilled + (last?.cpuSeconds ?? 0) }

    /// Seconds the threads of every coordinator started so far waited for a core, as last sampled.
    var runQueueSeconds: Double { runQueueSecondsOfKilled + (last?.runQueueSeconds ?? 0) }

    /// Bytes every coordinator started so far wrote to storage, as last sampled.
    var writtenBytes: Int { writtenBytesOfKilled + (last?.writtenBytes ?? 0) }

    /// SIGKILLs the coordinator (after a last sample) and waits for it.
    func kill() {
        sample()
        cpuSecondsOfKilled += last?.cpuSeconds ?? 0
        runQueueSecondsOfKilled += last?.runQueueSeconds ?? 0
        writtenBytesOfKilled += last?.writtenBytes ?? 0
        last = nil
        Glibc.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits up to `seconds` for the coordinator to exit by itself; SIGKILLs it after that. True if it exited.
    func waitForExit(seconds: Double) -> Bool {
        let deadline = Clock.seconds + seconds
        while process.isRunning && Clock.seconds < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard process.isRunning else { return true }
        kill()
        return false
    }

    /// The exit status of a coordinator that has exited.
    var exitStatus: Int32 { process.terminationStatus }

    /// The last lines of the coordinators' standard error, for failure messages.
    func errorTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
