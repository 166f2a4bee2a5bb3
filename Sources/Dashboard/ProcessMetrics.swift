import Foundation

/// The standard `process_*` metrics of this process, read from `/proc/self` at each scrape, in the Prometheus text
/// format (the names and meanings of the official client libraries).
///
/// | metric | type | source |
/// |---|---|---|
/// | `process_cpu_seconds_total` | counter | user + system time, `/proc/self/stat` |
/// | `process_start_time_seconds` | gauge | start time since the Unix epoch (`/proc/self/stat` and the boot time) |
/// | `process_resident_memory_bytes`, `process_virtual_memory_bytes` | gauge | `/proc/self/stat` |
/// | `process_open_fds`, `process_max_fds` | gauge | `/proc/self/fd`, `/proc/self/limits` |
///
/// Where `/proc` is missing (not Linux), nothing is rendered.
enum ProcessMetrics {
    /// The metrics as exposition text, each with `# HELP` and `# TYPE`; empty without `/proc`.
    static func exposition() -> String {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8) else { return "" }
        let values = parse(stat: stat, bootTime: bootTime(), ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
                           pageSize: Double(sysconf(Int32(_SC_PAGESIZE))))
        var samples = values
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            samples.append(("process_open_fds", "gauge", "Number of open file descriptors.", Double(fds.count)))
        }
        if let limits = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8), let max = maxOpenFiles(limits) {
            samples.append(("process_max_fds", "gauge", "Maximum number of open file descriptors.", max))
        }
        return samples.map { "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) \($0.type)\n\($0.name) \(number($0.value))\n" }.joined()
    }

    /// The metrics read from the text of `/proc/self/stat` (fields after the command name, which may hold spaces).
    ///
    /// - Parameters:
    ///   - stat: The text of `/proc/PID/stat`.
    ///   - bootTime: The boot time in seconds since the Unix epoch (`btime` of `/proc/stat`); nil leaves out the start time.
    ///   - ticksPerSecond: Clock ticks per second (`_SC_CLK_TCK`).
    ///   - pageSize: Bytes per page.
    static func parse(stat: String, bootTime: Double?, ticksPerSecond: Double, pageSize: Double)
        -> [(name: String, type: String, help: String, value: Double)]
    {
        guard let close = stat.lastIndex(of: ")") else { return [] }
        // Fields 3… of proc(5): state is [0], utime [11], stime [12], starttime [19], vsize [20], rss [21].
        let fields = stat[stat.index(after: close)...].split(separator: " ").map(String.init)
        guard fields.count > 21, let utime = Double(fields[11]), let stime = Double(fields[12]),
              let start = Double(fields[19]), let virtual = Double(fields[20]), let resident = Double(fields[21])
        else { return [] }
        var metrics: [(name: String, type: String, help: String, value: Double)] = [
            ("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", (utime + stime) / ticksPerSecond),
        ]
        if let bootTime {
            metrics.append(("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
                            bootTime + start / ticksPerSecond))
        }
        metrics.append(("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", resident * pageSize))
        metrics.append(("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtual))
        return metrics
    }

    /// The soft limit of "Max open files" in the text of `/proc/self/limits`.
    static func maxOpenFiles(_ limits: String) -> Double? {
        guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else { return nil }
        return line.dropFirst("Max open files".count).split(separator: " ").first.flatMap { Double($0) }
    }

    /// `btime` of `/proc/stat`: the boot time in seconds since the Unix epoch.
    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
        else { return nil }
        return Double(line.dropFirst("btime ".count))
    }

    /// A sample value: an integer without a fraction, else the shortest round-trip text.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
