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
/// the newest are dropped and counted (`status` reports `drops.events`).
final class EventChannel: Sendable {
    static let capacity = 4096

    private struct Ring {
        var events: [PublishedEvent]
        var start = 0
        var count = 0
    }

    private let ring: Mutex<Ring>
    /// Events dropped because the queue was full.
    let dropped = Atomic<UInt64>(0)

    init() {
        let empty = PublishedEvent(
            event: ZoneEvent(kind: .enter, index: 0, trackID: 0, classID: 0, score: 0, box: .init(x1: 0, y1: 0, x2: 0, y2: 0)),
            seq: 0, info: .none)
        ring = Mutex(Ring(events: Array(repeating: empty, count: Self.capacity)))
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
                ring.events[(ring.start + ring.count) % Self.capacity] = PublishedEvent(event: event, seq: result.seq, info: result.info)
                ring.count += 1
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
