import Infer

/// The `detect --json` line, written by hand so that the keys come in the
/// documented order (JSONEncoder's order is unspecified).
enum DetectionJSON {
    static func line(
        image: String, width: Int, height: Int, detections: [Detection],
        label: (Int) -> String, timing: DetectionTiming
    ) -> String {
        var out = "{\"image\":\(quoted(image)),\"width\":\(width),\"height\":\(height),\"detections\":["
        for (index, detection) in detections.enumerated() {
            if index > 0 { out += "," }
            let box = detection.box
            out += "{\"class_id\":\(detection.classID),\"label\":\(quoted(label(detection.classID)))"
            out += ",\"score\":\(number(detection.score))"
            out += ",\"box\":[\(number(box.x1)),\(number(box.y1)),\(number(box.x2)),\(number(box.y2))]}"
        }
        out += "],\"timing_ms\":{\"preprocess\":\(number(timing.preprocess)),"
        out += "\"inference\":\(number(timing.inference)),\"postprocess\":\(number(timing.postprocess))}}"
        return out
    }

    /// Shortest round-trip decimal form; JSON has no NaN or infinity.
    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
