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

    /// Resident set size now (VmRSS), in bytes; nil if /proc is unavailable.
    package static func residentBytes() -> Int? { statusField("VmRSS:") }

    /// Hands the pages of freed heap blocks back to the kernel (glibc's
    /// `malloc_trim`). A model load frees megabytes of small blocks that
    /// malloc would otherwise keep resident for the life of the process.
    /// Looked up at run time: `malloc.h` is not part of Swift's Glibc module.
    package static func returnFreedHeapPages() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Keeps the address space the process reserves small, so that it runs under the
    /// address-space limits of containers and `LimitAS=`-style setups (128 MB and up), where it
    /// failed to start threads although it needs some 30 MB resident: glibc reserves 64 MB of
    /// address space for each malloc arena, one per thread that allocates (up to eight per
    /// core; ten arenas were 620 MB), and each thread's stack is as large as `RLIMIT_STACK`
    /// (8 MB). yolo-edge allocates nothing per frame, so one arena costs no contention, and no
    /// thread of it needs more than 2 MB of stack. Call it before any thread starts; threads
    /// already running keep their stacks. Looked up at run time, as `malloc_trim` is.
    package static func reserveLessAddressSpace() {
        let everything = UnsafeMutableRawPointer(bitPattern: 0)
        typealias SetOption = @convention(c) (Int32, Int32) -> Int32
        if let symbol = dlsym(everything, "mallopt") {
            let arenaMaximum: Int32 = -8  // M_ARENA_MAX
            _ = unsafeBitCast(symbol, to: SetOption.self)(arenaMaximum, 1)
        }
        typealias SetDefaultAttributes = @convention(c) (UnsafePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(everything, "pthread_setattr_default_np") else { return }
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, 2 << 20) == 0 else { return }
        _ = unsafeBitCast(symbol, to: SetDefaultAttributes.self)(&attributes)
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
