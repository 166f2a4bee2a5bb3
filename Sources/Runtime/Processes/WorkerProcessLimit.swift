import Foundation

/// How many local worker processes `run --workers` and `worker --processes` may start: at most
/// ``coresFactor`` per core, and no more than the available memory holds at ``bytesPerWorker`` each
/// (an idle worker process is ≈ 29 MB resident; a task adds its own footprint, docs/sweep-limits.md).
public enum WorkerProcessLimit {
    /// Worker processes allowed per core: more only add switching, never speed.
    public static let coresFactor = 4
    /// The memory reserved per worker process, in bytes (32 MiB).
    public static let bytesPerWorker = 32 << 20

    /// The most worker processes this machine may start now.
    public static var maximum: Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return max(1, min(coresFactor * cores, availableMemory / bytesPerWorker))
    }

    /// The memory available to new processes: MemAvailable of /proc/meminfo, else the physical memory.
    public static var availableMemory: Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kilobytes * 1024
        }
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }

    /// Why `count` worker processes (asked for by `option`) are too many for this machine, or nil if they fit.
    public static func problem(_ count: Int, option: String) -> String? {
        let limit = maximum
        guard (1...limit).contains(count) else {
            let cores = ProcessInfo.processInfo.activeProcessorCount
            return ("""
                \(option) is \(count); allowed: 1…\(limit) on this machine (at most \(coresFactor) × \(cores) cores, and \
                \(availableMemory >> 20) MiB available memory / \(bytesPerWorker >> 20) MiB per worker process)
                """)
        }
        return nil
    }
}
