import CSystemd

/// The daemon's half of systemd's notify protocol, through libsystemd. Without `NOTIFY_SOCKET`
/// (not started by systemd) every call is a no-op, as `sd_notify` makes it.
struct SystemdNotifier: Sendable {
    func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    func status(_ text: String) { send("STATUS=\(text)") }

    func watchdogAlive() { send("WATCHDOG=1") }

    /// Sent before a reload, with the CLOCK_MONOTONIC time systemd (≥ 253) uses to match the
    /// `READY=1` that ends it.
    func reloading() { send("RELOADING=1\nMONOTONIC_USEC=\(MonotonicClock.now() / 1000)\nSTATUS=reloading") }

    func stopping() { send("STOPPING=1\nSTATUS=stopping") }

    /// systemd's watchdog interval (`WatchdogSec=`), or nil when the watchdog is off.
    static func watchdogInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }

    private func send(_ state: String) {
        _ = sd_notify(0, state)
    }
}
