import Foundation

/// Memory figures the kernel keeps for this process.
enum ProcessMemory {
    /// Peak resident set size (VmHWM), in bytes; nil if /proc is unavailable.
    static func peakResidentBytes() -> Int? { statusField("VmHWM:") }

    /// Current resident set size (VmRSS), in bytes.
    static func residentBytes() -> Int? { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let kilobytes = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
                .flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
