import Glibc

/// What callers and the client thread share, behind the client's one lock.
struct ClientState {
    var queue: OutgoingQueue
    /// All but `queued` and `dropped`, which the queue keeps.
    var statistics = MQTTStatistics()
    /// The client thread while it runs `onConnect`: what it publishes then goes ahead of the
    /// queue.
    var threadInOnConnect: pthread_t?
    /// Set by `stop()`: the client thread flushes until then, then disconnects.
    var stopDeadline: ContinuousClock.Instant?
    /// The client thread has emptied the queue and sleeps; the next publish wakes it.
    var threadWaitsForMessages = false

    init(settings: MQTTSettings) {
        queue = OutgoingQueue(capacity: settings.queueCapacity, byteCapacity: settings.queueByteCapacity)
    }

    var statisticsSnapshot: MQTTStatistics {
        var snapshot = statistics
        snapshot.queued = queue.count
        snapshot.dropped = queue.dropped
        return snapshot
    }
}
