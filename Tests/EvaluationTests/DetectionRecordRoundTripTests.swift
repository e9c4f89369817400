import Capture
import Detect
import Evaluation
import Testing

/// The `detect --json` line that `detect` writes is the record `eval` reads: one type, both ways.
struct DetectionRecordRoundTripTests {
    @Test func aWrittenLineReadsBackAsTheSameRecord() throws {
        let detections = [
            Detection(classID: 0, score: 0.9327296, box: BoundingBox(x1: 5.102104, y1: 167.23843, x2: 153.06332, y2: 261.62747)),
            Detection(classID: 79, score: 0.25, box: BoundingBox(x1: 0, y1: 0, x2: 1, y2: 2)),
        ]
        let names = ["person \"quoted\"", "tooth\\brush"]
        let label = { (classID: Int) in classID == 0 ? names[0] : names[1] }
        let timing = DetectionTiming(preprocess: 1.5, inference: 40.25, postprocess: 0.125)
        let line = DetectionRecord.jsonLine(
            image: "dir/a\tb.jpg", width: 640, height: 426, detections: detections, label: label, timing: timing)
        #expect(line.hasPrefix(#"{"image":"dir/a\tb.jpg","width":640,"height":426,"detections":[{"class_id":0,"#))
        #expect(line.contains(#""score":0.9327296,"box":[5.102104,167.23843,153.06332,261.62747]"#))
        #expect(line.hasSuffix(#""timing_ms":{"preprocess":1.5,"inference":40.25,"postprocess":0.125}}"#))
        let read = try #require(try DetectionRecord.decodeJSONLines(line).first)
        #expect(read.image == "dir/a\tb.jpg" && read.width == 640 && read.height == 426)
        #expect(read.timing == timing)
        #expect(read.detections.map(\.label) == names)
        // Numbers are written in the shortest form that reads back as the same Float.
        #expect(read.detections.map { Float($0.score) } == detections.map(\.score))
        #expect(read.detections.map { [Float($0.box.x1), Float($0.box.y1), Float($0.box.x2), Float($0.box.y2)] }
            == detections.map { [$0.box.x1, $0.box.y1, $0.box.x2, $0.box.y2] })
    }
}
