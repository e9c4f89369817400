import DedicatedThreads
import Glibc
import Logging
import Synchronization

/// An MQTT publisher that never makes its caller wait for the network.
///
/// `publish` only puts the message into a bounded queue. A thread of the client's own,
/// `yolo-mqtt`, owns the libmosquitto client: it connects, moves queued messages to the broker
/// (at most `maxInflight` QoS 1 messages unacknowledged), and reconnects with capped exponential
/// backoff when the broker is away, while the queue keeps the newest messages. The thread, and
/// with it the client, lives until `stop()`.
public final class MQTTClient: Sendable {
    public let settings: MQTTSettings
    let logger: Logger
    let onConnect: @Sendable (MQTTClient) -> Void
    let state: Mutex<ClientState>
    let wake = WakeSignal()
    private let thread = Mutex<DedicatedThread?>(nil)

    /// Starts the client thread, which connects at once.
    /// - Parameter onConnect: called on the client thread after every CONNACK, the first and
    ///   each reconnect's, before anything queued is sent: messages it publishes (retained
    ///   state, "online") go out ahead of the queue. It must not block or call `stop()`.
    public init(
        settings: MQTTSettings, logger: Logger, onConnect: @escaping @Sendable (MQTTClient) -> Void = { _ in }
    ) {
        precondition(settings.maxInflight > 0, "maxInflight must let one message through")
        precondition(settings.reconnectDelay.lowerBound > .zero, "reconnecting without a delay would spin")
        self.settings = settings
        self.logger = logger
        self.onConnect = onConnect
        state = Mutex(ClientState(settings: settings))
        // The thread keeps the client until `stop()` ends it.
        let thread = DedicatedThread.start(name: "yolo-mqtt") { [self] in
            ConnectionLoop(client: self).run()
        }
        self.thread.withLock { $0 = thread }
    }

    /// Queues `message` and returns at once, connected or not. When the queue is full, its
    /// oldest message is dropped and counted in `statistics.dropped`.
    public func publish(_ message: MQTTMessage) {
        let wakesThread = state.withLock { state in
            let fromOnConnect = state.threadInOnConnect.map { pthread_equal($0, pthread_self()) != 0 } ?? false
            state.queue.append(message, first: fromOnConnect)
            defer { state.threadWaitsForMessages = false }
            return state.threadWaitsForMessages
        }
        if wakesThread { wake.signal() }
    }

    /// Queues `final` (such as availability "offline"), waits up to `flushTimeout` for the
    /// queue to empty and the broker to acknowledge every QoS 1 message, then disconnects
    /// cleanly, so that the broker does not publish the will, and ends the client thread.
    ///
    /// Returns within `flushTimeout` and half a second, even when the broker is unreachable or
    /// silent. Calls after the first return at once.
    public func stop(flushTimeout: Duration = .seconds(1), final: [MQTTMessage] = []) {
        let deadline = ContinuousClock.now + flushTimeout
        guard let thread = thread.withLock({ $0.take() }) else { return }
        state.withLock { state in
            for message in final { state.queue.append(message) }
            state.stopDeadline = deadline
        }
        wake.signal()
        // The thread needs a moment past the deadline to disconnect; it can only overrun when
        // stuck resolving the host name, and then ends on its own.
        if !thread.waitUntilFinished(before: deadline + .milliseconds(500)) {
            logger.debug("the mqtt client thread is still resolving \(settings.host); it ends on its own")
        }
    }

    public var statistics: MQTTStatistics {
        state.withLock { $0.statisticsSnapshot }
    }
}
