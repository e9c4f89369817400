import Glibc

/// Tells a blocked source to stop; it can be raised from any thread and wakes any
/// `poll()` that includes its descriptor, so sources never wait out a timeout to stop.
public final class StopSignal: Sendable {
    /// The read end of a pipe, readable (and left so) once stopped.
    let descriptor: Int32
    private let writeEnd: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: \(errorText(errno))")
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    public func stop() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    public var isStopped: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    /// Sleeps for `duration` unless stopped first; returns true if stopped.
    func sleep(for duration: Duration) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while true {
            let remaining = deadline - clock.now
            if remaining <= .zero { return false }
            switch poll(&entry, 1, milliseconds(remaining)) {
            case 1: return true
            case -1 where errno != EINTR: return isStopped
            default: continue
            }
        }
    }
}

/// A duration as poll()'s millisecond timeout, rounded up so short waits do not spin.
func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
    let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: millis)
}
