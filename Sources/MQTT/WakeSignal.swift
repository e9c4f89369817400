import Glibc

/// Wakes the client thread from `poll` when a caller has queued a message or asked it to stop.
/// A socket pair rather than a pipe, because Swift's Glibc module offers no `pipe2` and the
/// descriptors must be non-blocking and closed on exec from the start.
final class WakeSignal: Sendable {
    /// The descriptor the client thread polls for reading.
    let descriptor: Int32
    private let writer: Int32

    init() {
        var pair: [Int32] = [-1, -1]
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, flags, 0, &pair) == 0 else {
            // Only when the process is out of descriptors; the client could never be woken.
            fatalError("cannot create the mqtt wake-up socket pair: \(String(cString: strerror(errno)))")
        }
        descriptor = pair[0]
        writer = pair[1]
    }

    deinit {
        close(descriptor)
        close(writer)
    }

    /// Never blocks: when the buffer is full the thread has wake-ups pending anyway.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writer, &byte, 1)
    }

    /// Empties the buffer, so that the next `poll` waits again.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &bytes, bytes.count) > 0 {}
    }
}
