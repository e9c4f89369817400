@testable import Daemon
import Detect
import NIOCore
import Synchronization
import Testing
import Track

/// The protocol's additions for tracking: `track_id`, `event` lines, zone counts in `status`,
/// and subscriptions to events only or to some zones.
struct ZoneProtocolTests {
    private static let names = ZoneNames(zones: ["driveway"], lines: ["gate"])
    private static let info = PipelineFrameInfo(
        cameraSequence: 9, monotonicNanoseconds: 2_000_000_000, wallClockNanoseconds: 1_700_000_000_000_001_000,
        width: 640, height: 480)
    private static let box = BoundingBox(x1: 1, y1: 2, x2: 30, y2: 40)

    @Test func detectionsCarryTheirTrackID() {
        var result = FrameResult(capacity: 1)
        result.detections = [Detection(classID: 0, score: 0.5, box: Self.box, trackID: 12)]
        let line = String(buffer: ProtocolMessages.detections(result, classNames: ["person"], subscription: nil, publishedAt: 0))
        #expect(line.contains(#""detections":[{"track_id":12,"class_id":0,"label":"person","score":0.500,"#))
    }

    @Test func enterAndCrossLines() {
        let enter = PublishedEvent(
            event: ZoneEvent(kind: .enter, index: 0, trackID: 5, classID: 2, score: 0.75, box: Self.box), seq: 31, info: Self.info)
        #expect(String(buffer: ProtocolMessages.event(enter, names: Self.names, classNames: ["person", "bicycle", "car"]))
            == #"{"type":"event","event":"enter","zone":"driveway","seq":31,"camera_seq":9,"capture_mono_us":2000000,"#
            + #""capture_wall_us":1700000000000001,"track_id":5,"class_id":2,"label":"car","score":0.750,"#
            + #""box":[1.0,2.0,30.0,40.0]}"# + "\n")
        let cross = PublishedEvent(
            event: ZoneEvent(kind: .cross, index: 0, direction: .out, trackID: 6, classID: 0, score: 0.5, box: Self.box),
            seq: 32, info: Self.info)
        let line = String(buffer: ProtocolMessages.event(cross, names: Self.names, classNames: ["person"]))
        #expect(line.hasPrefix(#"{"type":"event","event":"cross","line":"gate","direction":"out","seq":32,"#))
    }

    @Test func statusCountsZonesByLabelAndLinesByDirection() throws {
        let report = StatusReport(
            framesPerSecond: 1, inferenceMilliseconds: 1, framesCaptured: 1, framesProcessed: 1, staleDropped: 0,
            unpublished: 0, detectorErrors: 0, camera: SourceSnapshot(state: .streaming), clients: 1, uptimeSeconds: 1,
            eventsDropped: 3,
            zones: ZoneReport(
                zones: [.init(name: "driveway", occupancy: [.init(classID: 0, count: 2), .init(classID: 2, count: 1)])],
                lines: [.init(name: "gate", crossings: .init(inward: 4, outward: 1))]))
        let status = try #require(jsonObject(String(buffer: ProtocolMessages.status(report, classNames: ["person", "bicycle", "car"]))))
        #expect(status["zones"] as? [String: [String: Int]] == ["driveway": ["person": 2, "car": 1]])
        #expect(status["lines"] as? [String: [String: Int]] == ["gate": ["in": 4, "out": 1]])
        #expect((status["drops"] as? [String: Int])?["events"] == 3)
    }

    @Test func subscriptionToEventsOfSomeZones() throws {
        let subscription = try Subscription.parse(
            #"{"type":"subscribe","frames":false,"zones":["gate"],"classes":["person"]}"#,
            classNames: ["person", "car"], zoneNames: Self.names)
        #expect(!subscription.wantsFrames && subscription.zoneNames == ["gate"])
        func event(_ kind: ZoneEvent.Kind, classID: Int) -> PublishedEvent {
            PublishedEvent(
                event: ZoneEvent(kind: kind, index: 0, trackID: 1, classID: classID, score: 0.9, box: Self.box),
                seq: 1, info: Self.info)
        }
        #expect(subscription.accepts(event(.cross, classID: 0), names: Self.names))
        #expect(!subscription.accepts(event(.enter, classID: 0), names: Self.names), "a zone not asked for")
        #expect(!subscription.accepts(event(.cross, classID: 1), names: Self.names), "a class not asked for")
        #expect(String(buffer: ProtocolMessages.subscribed(subscription)).contains(#""frames":false,"zones":["gate"]"#))
    }

    @Test(arguments: [
        (#"{"type":"subscribe","frames":"no"}"#, "\"frames\" must be true or false"),
        (#"{"type":"subscribe","zones":["pool"]}"#, "\"zones\" may name only the configured zones and lines (\"driveway\", \"gate\")"),
        (#"{"type":"subscribe","zones":"gate"}"#, "\"zones\" must be an array of zone and line names"),
    ])
    func badSubscriptions(line: String, message: String) {
        #expect {
            _ = try Subscription.parse(line, classNames: ["person"], zoneNames: Self.names)
        } throws: { error in
            (error as? SubscriptionError)?.message == message
        }
    }

    /// Events queue apart from results and come out in order; past capacity the newest are
    /// dropped and counted.
    @Test func eventChannelKeepsOrderAndCountsOverflow() {
        let channel = EventChannel()
        var result = FrameResult(capacity: 0)
        result.events = (0..<(EventChannel.capacity + 5)).map {
            ZoneEvent(kind: .enter, index: 0, trackID: UInt64($0), classID: 0, score: 1, box: Self.box)
        }
        channel.push(eventsOf: result)
        var drained: [PublishedEvent] = []
        channel.drain(into: &drained)
        #expect(drained.count == EventChannel.capacity)
        #expect(drained.map(\.event.trackID) == (0..<UInt64(EventChannel.capacity)).map { $0 })
        #expect(channel.dropped.load(ordering: .relaxed) == 5)
        drained.removeAll()
        channel.drain(into: &drained)
        #expect(drained.isEmpty)
    }

    /// The ring fills its storage on the first round and reuses it after; order holds across
    /// the wrap.
    @Test func eventChannelKeepsOrderAcrossTheWrap() {
        let channel = EventChannel()
        var result = FrameResult(capacity: 0)
        var drained: [PublishedEvent] = []
        var next: UInt64 = 0
        for batch in [EventChannel.capacity - 3, 7, EventChannel.capacity, 2] {
            result.events = (0..<batch).map { _ in
                defer { next += 1 }
                return ZoneEvent(kind: .leave, index: 0, trackID: next, classID: 0, score: 1, box: Self.box)
            }
            channel.push(eventsOf: result)
            drained.removeAll()
            channel.drain(into: &drained)
            #expect(drained.map(\.event.trackID) == Array((next - UInt64(batch))..<next))
        }
        #expect(channel.dropped.load(ordering: .relaxed) == 0)
    }
}
