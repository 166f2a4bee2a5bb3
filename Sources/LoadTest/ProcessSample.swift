import Foundation

/// What Linux's /proc says about a process at one moment: CPU time used, memory and bytes written to storage.
struct ProcessSample {
    /// User + system CPU seconds used so far (`utime + stime` of /proc/PID/stat).
    var cpuSeconds: Double
    /// Resident set size now, in bytes (`VmRSS`).
    var residentBytes: Int
    /// The largest resident set size so far, in bytes (`VmHWM`).
    var peakResidentBytes: Int
    /// Seconds its threads spent runnable but waiting for a core, summed over the threads alive now
    /// (/proc/PID/task/*/schedstat, second field): high on a machine whose other processes take the cores.
    var runQueueSeconds: Double
    /// Bytes it caused to be written to storage so far (`write_bytes` of /proc/PID/io: for the coordinator its
    /// write-ahead log, checkpoints and database file); 0 where /proc/PID/io cannot be read.
    var writtenBytes: Int

    /// Reads /proc/`pid`; nil when the process is gone (or this is not Linux).
    init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) " come the fields from 3 (state) on: utime is field 14, stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        cpuSeconds = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        func kilobytes(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
        }
        residentBytes = kilobytes("VmRSS") * 1024
        peakResidentBytes = kilobytes("VmHWM") * 1024
        let io = (try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)) ?? ""
        writtenBytes = io.split(separator: "\n").first { $0.hasPrefix("write_bytes:") }
            .flatMap { Int($0.dropFirst("write_bytes:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        runQueueSeconds = threads.reduce(0) { total, thread in
            let fields = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/schedstat", encoding: .utf8)) ?? "").split(separator: " ")
            return total + (fields.count > 1 ? (Double(fields[1]) ?? 0) / 1e9 : 0)
        }
    }
}
