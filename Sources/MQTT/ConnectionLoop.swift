import Glibc
import Logging
import Synchronization

/// The client thread's work: connect, exchange packets with the broker, move queued messages to
/// libmosquitto, reconnect with backoff after a failure, and at stop flush the queue and
/// disconnect. The only owner of the `Mosquitto` client.
final class ConnectionLoop {
    private enum Phase {
        /// Until the next connection attempt.
        case waiting(until: ContinuousClock.Instant)
        /// An attempt is under way; without a CONNACK by the deadline it has failed.
        case connecting(deadline: ContinuousClock.Instant)
        case connected
    }

    /// The longest the thread sleeps: it wakes at least this often to ping and to log drops.
    private static let longestSleep = Duration.seconds(1)
    /// The longest sleep while connecting: a TLS handshake can stall on a socket that has nothing
    /// to read until libmosquitto's next round.
    private static let longestSleepWhileConnecting = Duration.milliseconds(50)
    /// How long a DISCONNECT may take to leave a full socket at stop.
    private static let disconnectGrace = Duration.milliseconds(250)

    private let client: MQTTClient
    private var session: Mosquitto?
    private var phase = Phase.waiting(until: .now)
    private var backoff: ReconnectBackoff
    private var log: ConnectionLog
    private var dropReport = ThrottledCount()
    private var rejectionReport = ThrottledCount()
    private var lastRejection = ""

    init(client: MQTTClient) {
        self.client = client
        backoff = ReconnectBackoff(client.settings.reconnectDelay)
        log = ConnectionLog(logger: client.logger, settings: client.settings)
    }

    private var settings: MQTTSettings { client.settings }

    func run() {
        var stopDeadline: ContinuousClock.Instant?
        while true {
            let now = ContinuousClock.now
            let (requestedStop, queueIsEmpty) = client.state.withLock { ($0.stopDeadline, $0.queue.isEmpty) }
            if let requestedStop {
                if stopDeadline == nil, case .waiting = phase {
                    // One more attempt at once for what is still queued (the caller's last words).
                    phase = .waiting(until: now)
                }
                stopDeadline = requestedStop
                let isFlushed = queueIsEmpty && (session?.inflight ?? 0) == 0
                if isFlushed || now >= requestedStop { break }
            }
            step(now: now, stopDeadline: stopDeadline)
            reportLostMessages(now: now)
        }
        shutDown()
    }

    private func step(now: ContinuousClock.Instant, stopDeadline: ContinuousClock.Instant?) {
        let stop = stopDeadline ?? now + Self.longestSleep
        switch phase {
        case .waiting(let until):
            if now >= until {
                startAttempt()
            } else {
                sleep(watching: nil, until: min(until, now + Self.longestSleep, stop))
            }
        case .connecting(let deadline):
            if now >= deadline {
                // Close the silent connection now rather than at the next attempt.
                session?.disconnect()
                fail(.noConnack(settings.connectTimeout))
            } else {
                exchange(until: min(deadline, now + Self.longestSleepWhileConnecting, stop))
            }
        case .connected:
            moveQueuedMessages()
            exchange(until: min(now + Self.longestSleep, stop))
        }
    }

    private func startAttempt() {
        client.state.withLock { $0.statistics.state = .connecting }
        do {
            // Made once and kept across reconnects: it holds the QoS 1 messages in flight.
            let session = if let session { session } else { try makeSession() }
            try session.connect()
            phase = .connecting(deadline: .now + settings.connectTimeout)
        } catch {
            fail(error)
        }
    }

    private func makeSession() throws(ConnectionFailure) -> Mosquitto {
        let session = try Mosquitto(settings: settings, logger: client.logger)
        self.session = session
        return session
    }

    /// Sleeps until the socket or a caller has something, or `deadline`, then lets libmosquitto
    /// read, write and ping.
    private func exchange(until deadline: ContinuousClock.Instant) {
        guard let session else { return }
        sleep(watching: session.socket.map { ($0, session.wantsWrite) }, until: deadline)
        do {
            if try session.loop() { connected() }
        } catch {
            fail(error)
        }
        let published = session.takePublishedCount()
        client.state.withLock { state in
            state.statistics.published += published
            state.statistics.inflight = session.inflight
        }
    }

    private func connected() {
        phase = .connected
        backoff.reset()
        log.connected()
        client.state.withLock { state in
            state.statistics.state = .connected
            state.statistics.connections += 1
            state.threadInOnConnect = pthread_self()
        }
        client.onConnect(client)
        client.state.withLock { $0.threadInOnConnect = nil }
    }

    private func fail(_ failure: ConnectionFailure) {
        let reason = failure.explanation(for: settings)
        if case .connected = phase {
            log.lostConnection(reason)
        } else {
            log.attemptFailed(failure, reason)
        }
        phase = .waiting(until: .now + backoff.delayAfterFailure())
        client.state.withLock { state in
            state.statistics.state = .disconnected
            state.statistics.lastError = reason
        }
    }

    /// Hands queued messages to libmosquitto in order while the socket takes them and fewer than
    /// `maxInflight` QoS 1 messages wait for their PUBACK.
    private func moveQueuedMessages() {
        guard let session else { return }
        while !session.wantsWrite {
            let inflightIsFull = session.inflight >= settings.maxInflight
            let next = client.state.withLock { state in
                let next = state.queue.popFirst { $0.qos == .atMostOnce || !inflightIsFull }
                state.threadWaitsForMessages = state.queue.isEmpty
                return next
            }
            guard let next else { return }
            do {
                try session.publish(next)
            } catch {
                lastRejection = error.reason
                client.state.withLock { $0.statistics.rejected += 1 }
            }
        }
    }

    /// Sleeps in `poll` until the wake signal, the socket (readable, or writable when
    /// `writing`), or `deadline`.
    private func sleep(watching socket: (descriptor: Int32, writing: Bool)?, until deadline: ContinuousClock.Instant) {
        var descriptors = [pollfd(fd: client.wake.descriptor, events: Int16(POLLIN), revents: 0)]
        if let socket {
            let events = Int16(POLLIN) | (socket.writing ? Int16(POLLOUT) : 0)
            descriptors.append(pollfd(fd: socket.descriptor, events: events, revents: 0))
        }
        let remaining = max(deadline - .now, .zero)
        let milliseconds = Int32((remaining / .milliseconds(1)).rounded(.up))
        _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        if descriptors[0].revents != 0 { client.wake.drain() }
    }

    /// Logs, at most once per 10 s each, the messages the full queue dropped and those
    /// libmosquitto refused.
    private func reportLostMessages(now: ContinuousClock.Instant) {
        let (dropped, rejected) = client.state.withLock { ($0.queue.dropped, $0.statistics.rejected) }
        if let count = dropReport.growth(to: dropped, at: now) {
            let capacity = "\(settings.queueCapacity), \(Self.byteText(settings.queueByteCapacity))"
            client.logger.warning("dropped \(count) messages: the outgoing queue (capacity \(capacity)) was full")
        }
        if let count = rejectionReport.growth(to: rejected, at: now) {
            client.logger.error("libmosquitto refused \(count) messages, the last one: \(lastRejection)")
        }
    }

    /// "16 MiB", or the bytes when not a whole number of MiB.
    private static func byteText(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// Sends DISCONNECT if connected (the broker then drops the will), and destroys the client.
    private func shutDown() {
        let wasConnected = if case .connected = phase { true } else { false }
        if let session, wasConnected {
            session.disconnect()
            let limit = ContinuousClock.now + Self.disconnectGrace
            while let socket = session.socket, session.wantsWrite, ContinuousClock.now < limit {
                sleep(watching: (socket, true), until: limit)
                _ = try? session.loop()
            }
        }
        let inflight = session?.inflight ?? 0
        session = nil
        let queued = client.state.withLock { state in
            state.statistics.state = .disconnected
            return state.queue.count
        }
        reportLostMessages(now: .now)
        log.stopped(wasConnected: wasConnected, undelivered: queued + inflight)
    }
}
