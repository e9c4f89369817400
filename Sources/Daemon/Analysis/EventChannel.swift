import Detect
import Synchronization
import Track

/// One zone or line event with the frame it happened on.
struct PublishedEvent: Sendable {
    var event: ZoneEvent
    var seq: UInt64
    var info: PipelineFrameInfo
}

/// Carries events from the inference thread to the publisher thread.
///
/// Results travel through a newest-only slot that drops what the publisher did not take in
/// time; events must not be dropped that way, so they have this bounded queue of their own.
/// Its storage is allocated once; if the publisher falls more than `capacity` events behind,
/// the newest are dropped and counted (`status` reports `drops.events`). The storage is
/// reserved, not filled: a daemon without zones never touches its 448 KiB, so they never
/// become resident.
final class EventChannel: Sendable {
    static let capacity = 4096

    private struct Ring {
        /// Grows to `capacity` within its reserved storage as the ring first goes round.
        var events: [PublishedEvent] = []
        var start = 0
        var count = 0

        mutating func append(_ event: PublishedEvent) {
            let index = (start + count) % EventChannel.capacity
            if index == events.count { events.append(event) } else { events[index] = event }
            count += 1
        }
    }

    private let ring: Mutex<Ring>
    /// Events dropped because the queue was full.
    let dropped = Atomic<UInt64>(0)

    init() {
        var ring = Ring()
        ring.events.reserveCapacity(Self.capacity)
        self.ring = Mutex(ring)
    }

    /// Queues the events of `result`. Called on the inference thread; allocates nothing.
    func push(eventsOf result: FrameResult) {
        guard !result.events.isEmpty else { return }
        let lost = ring.withLock { ring in
            var lost = 0
            for event in result.events {
                guard ring.count < Self.capacity else {
                    lost += 1
                    continue
                }
                ring.append(PublishedEvent(event: event, seq: result.seq, info: result.info))
            }
            return lost
        }
        if lost > 0 { dropped.add(UInt64(lost), ordering: .relaxed) }
    }

    /// Moves every queued event, oldest first, to the end of `events`.
    func drain(into events: inout [PublishedEvent]) {
        ring.withLock { ring in
            for offset in 0..<ring.count { events.append(ring.events[(ring.start + offset) % Self.capacity]) }
            ring.start = (ring.start + ring.count) % Self.capacity
            ring.count = 0
        }
    }
}
