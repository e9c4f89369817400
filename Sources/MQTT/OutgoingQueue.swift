/// The messages waiting for the broker: a bounded ring that drops its oldest messages when full,
/// by count or by bytes, so a publisher never waits and memory stays bounded however long the
/// broker is away.
///
/// Messages published from `onConnect` (the retained state and "online" after a reconnect) go
/// to a lane of their own that is emptied first, in the order they came.
struct OutgoingQueue {
    private var ring: [MQTTMessage?]
    private var head = 0
    private var ringCount = 0
    private var firstLane: [MQTTMessage] = []
    private let byteCapacity: Int
    /// Topic and payload bytes of the messages queued.
    private var bytes = 0
    /// Messages dropped because the queue was full, since the start.
    private(set) var dropped = 0

    init(capacity: Int, byteCapacity: Int) {
        precondition(capacity > 0, "an outgoing queue needs room for one message")
        ring = Array(repeating: nil, count: capacity)
        self.byteCapacity = byteCapacity
    }

    var count: Int { ringCount + firstLane.count }
    var isEmpty: Bool { count == 0 }

    /// Adds `message` behind the others of its lane, dropping the oldest messages (of the
    /// ordinary lane first) until it fits. A message larger than the whole byte capacity is
    /// dropped itself.
    mutating func append(_ message: MQTTMessage, first: Bool = false) {
        let size = Self.size(of: message)
        guard size <= byteCapacity else {
            dropped += 1
            return
        }
        while count == ring.count || bytes + size > byteCapacity {
            dropped += 1
            if ringCount > 0 {
                _ = popRing()
            } else {
                bytes -= Self.size(of: firstLane.removeFirst())
            }
        }
        bytes += size
        if first {
            firstLane.append(message)
        } else {
            ring[(head + ringCount) % ring.count] = message
            ringCount += 1
        }
    }

    /// Removes and returns the next message if `isReady` accepts it; otherwise leaves it in
    /// place, so that nothing overtakes a message that has to wait.
    mutating func popFirst(if isReady: (MQTTMessage) -> Bool) -> MQTTMessage? {
        if let message = firstLane.first {
            guard isReady(message) else { return nil }
            bytes -= Self.size(of: message)
            return firstLane.removeFirst()
        }
        guard ringCount > 0, let message = ring[head], isReady(message) else { return nil }
        return popRing()
    }

    private mutating func popRing() -> MQTTMessage? {
        let message = ring[head]
        ring[head] = nil
        head = (head + 1) % ring.count
        ringCount -= 1
        bytes -= message.map(Self.size) ?? 0
        return message
    }

    private static func size(of message: MQTTMessage) -> Int {
        message.topic.utf8.count + message.payload.count
    }
}
