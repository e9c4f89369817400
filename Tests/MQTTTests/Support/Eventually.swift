import Glibc

/// Waits until `condition` holds, checking every 10 ms, for at most `timeout`.
/// - Returns: whether it came to hold.
func eventually(within timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        usleep(10_000)
    }
    return true
}
