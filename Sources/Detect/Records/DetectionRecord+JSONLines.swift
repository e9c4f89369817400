import Capture
import Infer

extension DetectionRecord {
    /// The `detect --json` line of one image's detections: the keys of `CodingKeys` in the
    /// documented order (JSONEncoder's order is unspecified), numbers in their shortest
    /// round-trip form, so a score prints as the `Float` the head computed.
    public static func jsonLine(
        image: String, width: Int, height: Int, detections: [Detection],
        label: (Int) -> String, timing: DetectionTiming
    ) -> String {
        typealias Object = DetectedObject.CodingKeys
        typealias Stage = Timing.CodingKeys
        var out = "{\(key(CodingKeys.image))\(JSONString.quoted(image)),\(key(CodingKeys.width))\(width)"
        out += ",\(key(CodingKeys.height))\(height),\(key(CodingKeys.detections))["
        for (index, detection) in detections.enumerated() {
            if index > 0 { out += "," }
            let box = detection.box
            out += "{"
            if let trackID = detection.trackID { out += "\(key(Object.trackID))\(trackID)," }
            out += "\(key(Object.classID))\(detection.classID),\(key(Object.label))\(JSONString.quoted(label(detection.classID)))"
            out += ",\(key(Object.score))\(number(detection.score))"
            out += ",\(key(Object.box))[\(number(box.x1)),\(number(box.y1)),\(number(box.x2)),\(number(box.y2))]}"
        }
        out += "],\(key(CodingKeys.timing)){\(key(Stage.preprocess))\(number(timing.preprocess)),"
        out += "\(key(Stage.inference))\(number(timing.inference)),\(key(Stage.postprocess))\(number(timing.postprocess))}}"
        return out
    }

    private static func key(_ key: some CodingKey) -> String { JSONString.quoted(key.stringValue) + ":" }

    /// Shortest round-trip decimal form; JSON has no NaN or infinity.
    private static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
