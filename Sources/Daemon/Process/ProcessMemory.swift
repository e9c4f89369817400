#if canImport(Glibc)
import Glibc
#endif

/// Memory figures the kernel keeps for this process.
///
/// Read with plain `read(2)`, not Foundation's file APIs: this measures the
/// process's resident memory, so it must not add pages of its own.
package enum ProcessMemory {
    /// Peak resident set size (VmHWM), in bytes; nil if /proc is unavailable.
    package static func peakResidentBytes() -> Int? { statusField("VmHWM:") }

    /// Hands the pages of freed heap blocks back to the kernel (glibc's
    /// `malloc_trim`). A model load frees megabytes of small blocks that
    /// malloc would otherwise keep resident for the life of the process.
    /// Looked up at run time: `malloc.h` is not part of Swift's Glibc module.
    package static func returnFreedHeapPages() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    private static func statusField(_ name: String) -> Int? {
        guard let status = readStatus() else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let kilobytes = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
                .flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// /proc/self/status: about 1.5 KB, read whole.
    private static func readStatus() -> String? {
        let descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
