import Capture
import Detect
import FoundationEssentials
import Infer
import MQTT
import NIOCore
import Track

/// Encodes the lines of the socket protocol (docs/protocol.md). Bump `version` on any change
/// that could break a client; adding fields is not such a change.
enum ProtocolMessages {
    static let version = 1

    static func hello(model: ModelDescription, source: String, daemonVersion: String) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 2048)
        json.beginObject()
        json.key("type"); json.string("hello")
        json.key("protocol"); json.integer(version)
        json.key("daemon"); json.string(daemonVersion)
        json.key("model"); json.string(model.name)
        json.key("input_size"); json.integer(max(model.inputSize.width, model.inputSize.height))
        json.key("input_width"); json.integer(model.inputSize.width)
        json.key("input_height"); json.integer(model.inputSize.height)
        json.key("classes"); json.beginArray()
        for name in model.classNames { json.string(name) }
        json.endArray()
        json.key("source"); json.string(source)
        json.endObject()
        return json.finish()
    }

    /// - Parameter publishedAt: CLOCK_MONOTONIC time of publication, for `capture_to_publish`.
    static func detections(
        _ result: FrameResult, classNames: [String], subscription: Subscription?, publishedAt: UInt64
    ) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 256 + 96 * result.detections.count)
        json.beginObject()
        json.key("type"); json.string("detections")
        frameFields(seq: result.seq, info: result.info, into: &json)
        json.key("width"); json.integer(result.info.width)
        json.key("height"); json.integer(result.info.height)
        json.key("latency_ms"); json.beginObject()
        let sinceCapture = publishedAt >= result.info.monotonicNanoseconds ? publishedAt - result.info.monotonicNanoseconds : 0
        json.key("capture_to_publish"); json.number(Double(sinceCapture) / 1e6, decimals: 2)
        json.key("inference"); json.number(Double(result.inferenceNanoseconds) / 1e6, decimals: 2)
        json.endObject()
        json.key("detections"); json.beginArray()
        for detection in result.detections where subscription?.accepts(detection) ?? true {
            json.beginObject()
            detectionFields(detection, classNames: classNames, into: &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.finish()
    }

    /// The fields of one detected object, shared by `detections`, `event` and `snapshot`.
    private static func detectionFields(_ detection: Detection, classNames: [String], into json: inout JSONLineWriter) {
        if let trackID = detection.trackID { json.key("track_id"); json.integer(trackID) }
        json.key("class_id"); json.integer(detection.classID)
        json.key("label"); json.string(classNames.indices.contains(detection.classID) ? classNames[detection.classID] : "")
        json.key("score"); json.number(Double(detection.score), decimals: 3)
        json.key("box"); json.beginArray()
        json.number(Double(detection.box.x1), decimals: 1)
        json.number(Double(detection.box.y1), decimals: 1)
        json.number(Double(detection.box.x2), decimals: 1)
        json.number(Double(detection.box.y2), decimals: 1)
        json.endArray()
    }

    /// The frame fields every per-frame message starts with.
    private static func frameFields(seq: UInt64, info: PipelineFrameInfo, into json: inout JSONLineWriter) {
        json.key("seq"); json.integer(seq)
        json.key("camera_seq"); json.integer(info.cameraSequence)
        json.key("capture_mono_us"); json.integer(info.monotonicNanoseconds / 1000)
        json.key("capture_wall_us"); json.integer(info.wallClockNanoseconds / 1000)
    }

    /// A track entered or left a zone, or crossed a line.
    static func event(_ published: PublishedEvent, names: ZoneNames, classNames: [String]) -> ByteBuffer {
        let event = published.event
        var json = JSONLineWriter(capacity: 320)
        json.beginObject()
        json.key("type"); json.string("event")
        json.key("event"); json.string(event.kind.rawValue)
        json.key(event.kind == .cross ? "line" : "zone"); json.string(names.name(of: event) ?? "")
        if let direction = event.direction { json.key("direction"); json.string(direction.rawValue) }
        frameFields(seq: published.seq, info: published.info, into: &json)
        detectionFields(
            Detection(classID: event.classID, score: event.score, box: event.box, trackID: event.trackID),
            classNames: classNames, into: &json)
        json.endObject()
        return json.finish()
    }

    /// The annotated JPEG of a frame, inline as base64, with the frame's detections.
    static func snapshot(_ entry: SnapshotStore.Entry, jpeg: ArraySlice<UInt8>, classNames: [String]) -> ByteBuffer {
        let encoded = Data(jpeg).base64EncodedString()
        var json = JSONLineWriter(capacity: 512 + 96 * entry.detections.count + encoded.utf8.count)
        json.beginObject()
        json.key("type"); json.string("snapshot")
        frameFields(seq: entry.seq, info: entry.info, into: &json)
        json.key("width"); json.integer(entry.info.width)
        json.key("height"); json.integer(entry.info.height)
        json.key("detections"); json.beginArray()
        for detection in entry.detections {
            json.beginObject()
            detectionFields(detection, classNames: classNames, into: &json)
            json.endObject()
        }
        json.endArray()
        json.key("jpeg"); json.string(encoded)
        json.endObject()
        return json.finish()
    }

    static func status(_ report: StatusReport, classNames: [String]) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 512)
        json.beginObject()
        json.key("type"); json.string("status")
        json.key("fps"); json.number(report.framesPerSecond, decimals: 2)
        json.key("inference_ms"); json.number(report.inferenceMilliseconds, decimals: 2)
        json.key("captured"); json.integer(report.framesCaptured)
        json.key("frames"); json.integer(report.framesProcessed)
        json.key("drops"); json.beginObject()
        json.key("stale"); json.integer(report.staleDropped)
        json.key("unpublished"); json.integer(report.unpublished)
        json.key("camera"); json.integer(report.camera.droppedFrames)
        json.key("corrupt"); json.integer(report.camera.corruptFrames)
        json.key("events"); json.integer(report.eventsDropped)
        if let mqtt = report.mqtt { json.key("mqtt"); json.integer(mqtt.dropped) }
        json.endObject()
        json.key("detector_errors"); json.integer(report.detectorErrors)
        json.key("camera"); json.beginObject()
        json.key("state"); json.string(report.camera.state.rawValue)
        json.key("reconnects"); json.integer(report.camera.reconnects)
        if report.camera.state != .streaming, let fault = report.camera.lastFault {
            json.key("last_fault"); json.string(fault)
        }
        json.endObject()
        json.key("clients"); json.integer(report.clients)
        if let mqtt = report.mqtt {
            json.key("mqtt"); json.beginObject()
            json.key("state"); json.string(mqtt.state.rawValue)
            json.key("queued"); json.integer(mqtt.queued)
            json.key("published"); json.integer(mqtt.published)
            json.key("dropped"); json.integer(mqtt.dropped)
            json.key("connections"); json.integer(mqtt.connections)
            if let error = mqtt.lastError { json.key("last_error"); json.string(error) }
            json.endObject()
        }
        json.key("uptime_s"); json.number(report.uptimeSeconds, decimals: 1)
        json.key("zones"); json.beginObject()
        for zone in report.zones.zones {
            json.key(zone.name); json.beginObject()
            for entry in zone.occupancy {
                json.key(ZoneReport.label(ofClass: entry.classID, in: classNames))
                json.integer(entry.count)
            }
            json.endObject()
        }
        json.endObject()
        json.key("lines"); json.beginObject()
        for line in report.zones.lines {
            json.key(line.name); json.beginObject()
            json.key("in"); json.integer(line.crossings.inward)
            json.key("out"); json.integer(line.crossings.outward)
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return json.finish()
    }

    /// Tells a slow client how many messages it lost since its last overflow line.
    static func overflow(dropped: UInt64, droppedTotal: UInt64) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 80)
        json.beginObject()
        json.key("type"); json.string("overflow")
        json.key("dropped"); json.integer(dropped)
        json.key("dropped_total"); json.integer(droppedTotal)
        json.endObject()
        return json.finish()
    }

    static func subscribed(_ subscription: Subscription) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 128)
        json.beginObject()
        json.key("type"); json.string("subscribed")
        json.key("classes")
        if let ids = subscription.classIDs {
            json.beginArray()
            for id in ids.sorted() { json.integer(id) }
            json.endArray()
        } else {
            json.null()
        }
        json.key("min_score"); json.number(Double(subscription.minimumScore), decimals: 3)
        json.key("frames"); json.bool(subscription.wantsFrames)
        json.key("zones")
        if let names = subscription.zoneNames {
            json.beginArray()
            for name in names.sorted() { json.string(name) }
            json.endArray()
        } else {
            json.null()
        }
        json.endObject()
        return json.finish()
    }

    /// The answer to `purge_discovery`: how many Home Assistant config topics were cleared.
    static func purged(topics: Int) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 48)
        json.beginObject()
        json.key("type"); json.string("purged")
        json.key("topics"); json.integer(topics)
        json.endObject()
        return json.finish()
    }

    static func error(_ message: String) -> ByteBuffer {
        var json = JSONLineWriter(capacity: 64 + message.utf8.count)
        json.beginObject()
        json.key("type"); json.string("error")
        json.key("message"); json.string(message)
        json.endObject()
        return json.finish()
    }
}

extension ProtocolMessages {
    /// The `type` of a line these encoders wrote: always the first field, so it is read off the
    /// start of the line without parsing the rest (a `snapshot` line is megabytes).
    static func type(of line: ByteBuffer) -> String? {
        let opening = #"{"type":""#.utf8
        let view = line.readableBytesView
        guard view.starts(with: opening) else { return nil }
        let rest = view.dropFirst(opening.count)
        guard let end = rest.prefix(32).firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: rest[..<end], as: UTF8.self)
    }
}
