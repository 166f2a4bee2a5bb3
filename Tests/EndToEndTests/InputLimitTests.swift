import Coordinator
import Foundation
import Testing

/// A `lyapsweep` process run to its end with its own resource usage (wait4), its data and anonymous memory
/// capped at ``dataLimit`` (`ulimit -d`), so an allocation past it fails instead of growing.
///
/// The ru_maxrss of a process spawned by this test process also counts this process's resident set at the
/// spawn: exec records the high-water mark of the address space it replaces, which a vfork-style spawn shares
/// with this process. So the high-water mark is reset to the current resident set just before the spawn
/// (`/proc/self/clear_refs`), that resident set is kept as ``spawnerBytes``, and ``peakBytes`` is the child's
/// own peak whenever it exceeds it.
struct MeasuredRun {
    /// The cap on the child's data segment and private anonymous memory, in bytes (200 MiB).
    static let dataLimit = 200 << 20

    let status: Int32
    let stdout: String
    let stderr: String
    /// max(the child's peak resident set, ``spawnerBytes``), in bytes (wait4's ru_maxrss).
    let peakBytes: Int
    /// This test process's resident set at the spawn (the larger of just before and just after it), in bytes.
    let spawnerBytes: Int

    /// Whether the child's own peak resident set is known to be below `limit`: the measured peak is, or it is
    /// no more than this process's own resident set at the spawn (the larger of before and after it, plus 8 MiB
    /// for what tests running beside this one allocate meanwhile; the child's anonymous memory is capped anyway).
    func peakIsBelow(_ limit: Int) -> Bool {
        peakBytes < limit || peakBytes <= spawnerBytes + (8 << 20)
    }

    /// Runs `lyapsweep arguments` in `harness`'s folder, killing it after `timeout` seconds; waits on a thread of its own.
    static func run(_ arguments: [String], in harness: Harness, label: String, timeout: Double = 120) async throws -> MeasuredRun {
        let out = harness.directory + "/\(label).out", err = harness.directory + "/\(label).err"
        let script = "cd \"$0\" && label=$1 && shift && ulimit -d \(dataLimit >> 10) && exec \"$@\" >\"$label.out\" 2>\"$label.err\""
        let command = ["/bin/sh", "-c", script, harness.directory, label, Harness.executable] + arguments
        let (status, peak, spawner) = try await offThePool { () throws -> (Int32, Int, Int) in
            _ = try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let spawner = residentBytes()
            var pid: pid_t = 0
            let cArguments = command.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, environ)
            guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
            // Other tests run beside this one: this process may have grown while it spawned.
            let spawnerAfter = residentBytes()
            var status: Int32 = 0
            var usage = rusage()
            let deadline = Date().addingTimeInterval(timeout)
            while wait4(pid, &status, WNOHANG, &usage) == 0 {
                if Date() > deadline { kill(pid, SIGKILL) }
                usleep(5_000)
            }
            let exited = status & 0x7f == 0
            return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), Int(usage.ru_maxrss) * 1024, max(spawner, spawnerAfter))
        }
        return MeasuredRun(
            status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", peakBytes: peak, spawnerBytes: spawner)
    }

    /// This process's resident set, in bytes (/proc/self/statm).
    private static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Inputs that used to abort, allocate gigabytes, escape results/ or loop for ever: each is refused with a clear
/// message and a non-zero exit status, by the real binary, well within 200 MB.
@Suite("Input limits of the command line", .serialized)
struct InputLimitTests {
    static let peakLimit = 200 << 20

    /// The tiny sweep of the security tests (line 4 `eta`, 5 `steps`, 8 `members`, 9 `epsilon`, 12 `grid_length_max`,
    /// 13 `bootstrap`) with `target` replaced by `replacement`, in a fresh harness.
    static func harness(replacing target: String? = nil, with replacement: String = "") throws -> Harness {
        var text = tinySweep
        if let target { text = text.components(separatedBy: target).joined(separator: replacement) }
        return try Harness(sweep: text)
    }

    /// Expects a data error: exit status 65, every fragment in standard error, no usage text, a small peak.
    static func expectDataError(_ run: MeasuredRun, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 65, "\(run.stderr)", sourceLocation: sourceLocation)
        for fragment in fragments { #expect(run.stderr.contains(fragment), "\(run.stderr)", sourceLocation: sourceLocation) }
        #expect(!run.stderr.contains("Usage:"), "a data error is not a usage error: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.peakBytes > 1 << 20 && run.peakIsBelow(peakLimit),
                "peak RSS \(run.peakBytes >> 20) MiB (this process: \(run.spawnerBytes >> 20) MiB)", sourceLocation: sourceLocation)
    }

    /// Expects a usage error: exit status 64, every fragment in standard error, a small peak.
    static func expectUsageError(_ run: MeasuredRun, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 64, "\(run.stderr)", sourceLocation: sourceLocation)
        for fragment in fragments { #expect(run.stderr.contains(fragment), "\(run.stderr)", sourceLocation: sourceLocation) }
        #expect(run.peakBytes > 1 << 20 && run.peakIsBelow(peakLimit),
                "peak RSS \(run.peakBytes >> 20) MiB (this process: \(run.spawnerBytes >> 20) MiB)", sourceLocation: sourceLocation)
    }

    @Test("validate refuses huge ranges, networks and ensembles before allocating them", arguments: [
        ("epsilon = [1e-8, 1e-4]", "epsilon = { from = 1e-14, to = 1e-2, count = 1000000000000 }",
         "sweep.toml:9: ensemble.epsilon: the range has count = 1000000000000; allowed: at most 1000 values"),
        ("eta = 1.0", "eta = { from = 0.01, to = 10, count = 100000000 }",
         "sweep.toml:4: training.eta: the range has count = 100000000; allowed: at most 1000 values"),
        ("bootstrap = 50", "bootstrap = 50\n[model]\nlayers = [4, 100000, 100000, 3]",
         "sweep.toml:15: model.layers: is [ 4, 100000, 100000, 3 ]; allowed: an array of 2 to 64 integers in [1, 10000]"),
        ("members = 2\nepsilon = [1e-8, 1e-4]", "members = 100000\nepsilon = { from = 1e-14, to = 1e-2, count = 13 }",
         "sweep.toml:8: ensemble.members: the estimated memory per task is "),
        ("steps = 60\n[ensemble]\nics = 2\nmembers = 2", "steps = 10000000\n[ensemble]\nics = 2\nmembers = 100000",
         "sweep.toml:5: training.steps: the estimated memory per task is "),
        ("steps = 60", "steps = 10000000", "sweep.toml:5: training.steps: the estimated memory per task is "),
    ])
    func hugeSweeps(target: String, replacement: String, message: String) async throws {
        let harness = try Self.harness(replacing: target, with: replacement)
        let validate = try await MeasuredRun.run(["validate", harness.sweepPath], in: harness, label: "validate")
        Self.expectDataError(validate, [message])
    }

    @Test("run refuses non-finite numbers and bad names with exit status 65 and creates nothing", arguments: [
        ("eta = 1.0", "eta = inf", "sweep.toml:4: training.eta: contains inf; allowed: finite learning rates > 0"),
        ("bootstrap = 50", "bootstrap = 50\n[model]\ninit_std = inf", "sweep.toml:15: model.init_std: is inf; allowed: a finite number > 0"),
        ("seed = 5", "name = \"../../escape\"\nseed = 5", "sweep.toml:2: name: is \"../../escape\"; allowed: 1 to 100 characters"),
        ("seed = 5", "name = \"\"\nseed = 5", "sweep.toml:2: name: is \"\"; allowed: 1 to 100 characters"),
        ("grid_length_max = 40", "grid_length_max = 100\ngrid_length_min = 70",
         "sweep.toml:13: fit.grid_length_min: the first window, t = 0 … 69"),
    ])
    func runRefuses(target: String, replacement: String, message: String) async throws {
        let harness = try Self.harness(replacing: target, with: replacement)
        let run = try await MeasuredRun.run(["run", harness.sweepPath, "--workers", "1"], in: harness, label: "run")
        Self.expectDataError(run, [message])
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory).sorted()
        #expect(left == ["run.err", "run.out", "sweep.toml"], "nothing is created: \(left)")
    }

    @Test("--ics is checked: out of range is a usage error, over the file's limits a data error")
    func icsOverride() async throws {
        let harness = try Self.harness()
        let range = try await MeasuredRun.run(["run", harness.sweepPath, "--ics", "1000000000"], in: harness, label: "range")
        Self.expectUsageError(range, ["--ics is 1000000000; allowed: 1…1000000"])
        let etas = try Self.harness(replacing: "eta = 1.0", with: "eta = { from = 0.1, to = 10, count = 11 }")
        let tasks = try await MeasuredRun.run(["run", etas.sweepPath, "--ics", "1000000"], in: etas, label: "tasks")
        Self.expectDataError(tasks, ["sweep.toml: --ics: the sweep has |η| × ics = 11 × 1000000 = 11000000 tasks; allowed: at most 10000000"])
    }

    @Test("command-line numbers are checked", arguments: [
        (["refit", "x.sqlite", "--min-r2", "nan"], "--min-r2 is nan; allowed: a number in [0, 1]"),
        (["coordinator", "sweep.toml", "--liveness-ms", "5"], "--liveness-ms is 5; allowed: 3000…3600000 milliseconds"),
        (["coordinator", "sweep.toml", "--heartbeat-ms", "0"], "--heartbeat-ms is 0; allowed: 10…60000 milliseconds"),
        (["coordinator", "sweep.toml", "--heartbeat-ms", "100", "--liveness-ms", "200"], "--liveness-ms is 200; allowed: 300…3600000"),
        (["coordinator", "sweep.toml", "--bind", "tcp://127.0.0.1:99999"], "--bind: the port of tcp://127.0.0.1:99999 is \"99999\"; allowed: a TCP port 1…65535 or *"),
        (["coordinator", "sweep.toml", "--bind", "tcp://127.0.0.1:0"], "allowed: a TCP port 1…65535 or *"),
        (["worker", "--connect", "tcp://127.0.0.1:5555", "--give-up-after", "nan"], "--give-up-after is nan; allowed: a finite number of seconds > 0"),
        (["worker", "--connect", "tcp://127.0.0.1:5555", "--give-up-after", "0"], "--give-up-after is 0.0; allowed"),
        (["worker", "--connect", "tcp://127.0.0.1:70000"], "--connect: the port of tcp://127.0.0.1:70000 is \"70000\"; allowed: a TCP port 1…65535"),
        (["run", "sweep.toml", "--workers", "100000"], "--workers is 100000; allowed: 1…"),
        (["worker", "--connect", "ipc:///tmp/x", "--processes", "1000"], "--processes is 1000; allowed: 1…"),
        (["run", "sweep.toml", "--dashboard", "8080", "--dashboard-linger", "inf"], "--dashboard-linger is inf; allowed: 0…3600 seconds"),
    ])
    func options(arguments: [String], message: String) async throws {
        let harness = try Self.harness()
        let run = try await MeasuredRun.run(arguments, in: harness, label: "options")
        Self.expectUsageError(run, [message])
    }

    @Test("a coordinator binds tcp://localhost:PORT as 127.0.0.1 and a worker completes the sweep through it")
    func localhostBind() async throws {
        let harness = try Self.harness()
        let port = Harness.freePort()
        let coordinator = try harness.start(
            ["coordinator", harness.sweepPath, "--bind", "tcp://localhost:\(port)", "--db", harness.databasePath,
             "--heartbeat-ms", "200", "--liveness-ms", "1500", "--quiet"], label: "coordinator")
        let worker = try await harness.run(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--processes", "1", "--give-up-after", "30"], label: "worker", timeout: 120)
        try await coordinator.wait(timeout: 60)
        #expect(worker.status == 0, "\(worker.stderr)")
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(coordinator.stdout.contains("2/2 tasks done"), "\(coordinator.stdout)")
    }

    @Test("the root help lists the exit statuses")
    func exitStatusHelp() async throws {
        let harness = try Self.harness()
        let help = try await MeasuredRun.run(["--help"], in: harness, label: "help")
        #expect(help.status == 0)
        for line in ["Exit statuses:", "65   invalid sweep file or override (FILE:LINE: FIELD: MESSAGE)", "64   wrong command line",
                     "130  stopped before the sweep was complete"] {
            #expect(help.stdout.contains(line), "\(help.stdout)")
        }
    }
}

@Suite("Endpoint forms: ports and localhost")
struct EndpointFormTests {
    @Test("a bind gets a port 1…65535 or *, and localhost becomes 127.0.0.1 (still a loopback bind)", arguments: [
        ("tcp://localhost:5555", "tcp://127.0.0.1:5555"), ("TCP://LOCALHOST:1", "tcp://127.0.0.1:1"),
        ("tcp://127.0.0.1:*", "tcp://127.0.0.1:*"), ("tcp://*:65535", "tcp://*:65535"), ("tcp://[::1]:5555", "tcp://[::1]:5555"),
        ("tcp://eth0:5555", "tcp://eth0:5555"), ("ipc:///tmp/x.ipc", "ipc:///tmp/x.ipc"), ("inproc://a", "inproc://a"),
    ])
    func bindable(endpoint: String, bound: String) throws {
        #expect(try EndpointSecurity.bindableEndpoint(endpoint) == bound)
        #expect(EndpointSecurity.isLocal(endpoint) == EndpointSecurity.isLocal(bound))
    }

    @Test("ports out of range, missing or not numbers are refused, saying what is allowed", arguments: [
        "tcp://127.0.0.1:99999", "tcp://127.0.0.1:0", "tcp://127.0.0.1:", "tcp://127.0.0.1", "tcp://127.0.0.1:http", "tcp://:5555",
    ])
    func badPorts(endpoint: String) {
        #expect(throws: EndpointSecurityError.self) { try EndpointSecurity.bindableEndpoint(endpoint) }
        #expect(throws: EndpointSecurityError.self) { try EndpointSecurity.checkEndpoint(endpoint) }
    }

    @Test("a connect needs a real port: * is for binds only")
    func connectStar() throws {
        #expect(throws: EndpointSecurityError.self) { try EndpointSecurity.checkEndpoint("tcp://127.0.0.1:*") }
        try EndpointSecurity.checkEndpoint("tcp://head-node:5555")
        try EndpointSecurity.checkEndpoint("tcp://eth0;192.168.1.2:5555")
    }
}
