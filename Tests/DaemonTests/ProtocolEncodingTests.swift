import Capture
@testable import Daemon
import Detect
import Foundation
import Infer
import Logging
import NIOCore
import Synchronization
import Testing

struct ProtocolEncodingTests {
    @Test func writerProducesValidJSONWithEscapes() throws {
        var json = JSONLineWriter()
        json.beginObject()
        json.key("text"); json.string("quote \" backslash \\ tab \t bell \u{07} é")
        json.key("list"); json.beginArray(); json.integer(-3); json.integer(UInt64.max); json.endArray()
        json.key("nested"); json.beginObject(); json.key("ok"); json.bool(true); json.endObject()
        json.key("missing"); json.null()
        json.endObject()
        let line = String(buffer: json.finish())
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1, "exactly one line")
        let object = try #require(jsonObject(line))
        #expect(object["text"] as? String == "quote \" backslash \\ tab \t bell \u{07} é")
        #expect(object["list"] as? [NSNumber] == [-3, NSNumber(value: UInt64.max)])
        #expect((object["nested"] as? [String: Bool])?["ok"] == true)
        #expect(object["missing"] is NSNull)
    }

    @Test(arguments: [
        (0.0, 2, "0.00"), (1.005, 1, "1.0"), (12.345, 2, "12.35"), (-0.5, 1, "-0.5"), (-0.004, 2, "0.00"),
        (640, 0, "640"), (0.0625, 3, "0.063"), (Double.nan, 2, "null"), (Double.infinity, 1, "null"),
        (1e12, 9, "null"), (1e9, 9, "1000000000.000000000"),
    ])
    func fixedPointNumbers(value: Double, decimals: Int, expected: String) {
        var json = JSONLineWriter()
        json.number(value, decimals: decimals)
        #expect(String(buffer: json.finish()) == expected + "\n")
    }

    @Test func detectionsLineCarriesEveryField() throws {
        var result = FrameResult(capacity: 2)
        result.seq = 42
        result.info = PipelineFrameInfo(cameraSequence: 7, monotonicNanoseconds: 5_000_000_000,
                                wallClockNanoseconds: 1_700_000_000_123_456_789, width: 1280, height: 720)
        result.inferenceNanoseconds = 80_500_000
        result.detections = [Detection(classID: 1, score: 0.875, box: BoundingBox(x1: 10.25, y1: 20, x2: 40.25, y2: 60))]
        let line = String(buffer: ProtocolMessages.detections(
            result, classNames: ["person", "bicycle"], subscription: nil, publishedAt: 5_090_000_000))
        #expect(line == #"{"type":"detections","seq":42,"camera_seq":7,"capture_mono_us":5000000,"#
            + #""capture_wall_us":1700000000123456,"width":1280,"height":720,"#
            + #""latency_ms":{"capture_to_publish":90.00,"inference":80.50},"#
            + #""detections":[{"class_id":1,"label":"bicycle","score":0.875,"box":[10.3,20.0,40.3,60.0]}]}"# + "\n")
    }

    @Test func helloNamesARectangularInputsSides() {
        let model = ModelDescription(
            name: "yolov8n", inputSize: FrameSize(width: 640, height: 384), classNames: ["person"], maxDetections: 1)
        let line = String(buffer: ProtocolMessages.hello(model: model, source: "/dev/video0", daemonVersion: "yolo-edge 1"))
        #expect(line == #"{"type":"hello","protocol":1,"daemon":"yolo-edge 1","model":"yolov8n","input_size":640,"#
            + #""input_width":640,"input_height":384,"classes":["person"],"source":"/dev/video0"}"# + "\n")
        #expect(model.summary == "yolov8n at 640x384")
    }

    @Test func subscriptionParsesLabelsAndIDs() throws {
        let names = ["person", "bicycle", "car"]
        let subscription = try Subscription.parse(#"{"type":"subscribe","classes":["car",0],"min_score":0.4}"#, classNames: names)
        #expect(subscription == Subscription(classIDs: [0, 2], minimumScore: 0.4))
        #expect(subscription.accepts(Detection(classID: 2, score: 0.5, box: BoundingBox(x1: 0, y1: 0, x2: 1, y2: 1))))
        #expect(!subscription.accepts(Detection(classID: 1, score: 0.9, box: BoundingBox(x1: 0, y1: 0, x2: 1, y2: 1))))
        #expect(!subscription.accepts(Detection(classID: 0, score: 0.3, box: BoundingBox(x1: 0, y1: 0, x2: 1, y2: 1))))
        let everything = try Subscription.parse(#"{"type":"subscribe","classes":[1],"min_score":0}"#, classNames: names)
        #expect(everything == Subscription(classIDs: [1], minimumScore: 0))
    }

    @Test(arguments: [
        ("hello", "not a JSON object"),
        (#"{"classes":["car"]}"#, "\"type\" must be \"subscribe\""),
        (#"{"type":"subscribe","colour":"red"}"#, "unknown field \"colour\""),
        (#"{"type":"subscribe","min_score":2}"#, "\"min_score\" must be a number from 0 to 1"),
        (#"{"type":"subscribe","classes":[7]}"#, "classes must be labels or ids from 0 to 2"),
        (#"{"type":"subscribe","classes":"car"}"#, "\"classes\" must be an array"),
        (#"{"type":"subscribe","classes":[true]}"#, "classes must be labels or ids from 0 to 2"),
        (#"{"type":"subscribe","min_score":false}"#, "\"min_score\" must be a number from 0 to 1"),
    ])
    func subscriptionRejectsBadLines(line: String, message: String) {
        do {
            _ = try Subscription.parse(line, classNames: ["person", "bicycle", "car"])
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func logLinesCarrySdDaemonPriorities() {
        let lines = LogLines()
        var logger = Logger(label: "test") { JournalLogHandler(label: $0, level: .debug, output: lines.append) }
        logger[metadataKey: "camera"] = "/dev/video0"
        logger.error("lost")
        logger.warning("slow")
        logger.info("ok")
        logger.debug("detail")
        logger.trace("hidden")
        #expect(lines.all == ["<3>lost camera=/dev/video0\n", "<4>slow camera=/dev/video0\n",
                              "<6>ok camera=/dev/video0\n", "<7>detail camera=/dev/video0\n"])
    }
}

/// Collects log lines for inspection.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    @Sendable func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
