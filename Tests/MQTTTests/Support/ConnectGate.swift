import Dispatch
import MQTT

/// Holds the client thread inside `onConnect` until the test opens the gate. The client is
/// connected but sends nothing meanwhile, so a test can get its reader subscribed first
/// (a reconnect can be faster than `mosquitto_sub`'s own). Production `onConnect`s never block.
final class ConnectGate: Sendable {
    private let passes = DispatchSemaphore(value: 0)

    /// Blocks until `open()`, for at most 10 s so that a failing test cannot hang.
    func wait() {
        _ = passes.wait(timeout: .now() + 10)
    }

    /// Lets one waiting (or the next) `onConnect` through.
    func open() {
        passes.signal()
    }
}
