import Glibc

/// CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds: the clocks V4L2 timestamps and systemd's
/// `MONOTONIC_USEC` use. Frame sources fill `PipelineFrameInfo` from them.
enum MonotonicClock {
    static func now() -> UInt64 { read(CLOCK_MONOTONIC) }
    static func wallClockNow() -> UInt64 { read(CLOCK_REALTIME) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
