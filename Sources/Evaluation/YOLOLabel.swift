import Detect

/// One object of a YOLO label file: `class cx cy w h`, centre and size normalized to 0...1.
public struct YOLOLabel: Hashable, Sendable {
    public var classID: Int
    public var centerX: Double
    public var centerY: Double
    public var width: Double
    public var height: Double

    public init(classID: Int, centerX: Double, centerY: Double, width: Double, height: Double) {
        self.classID = classID
        self.centerX = centerX
        self.centerY = centerY
        self.width = width
        self.height = height
    }

    /// Parses the text of a label file; blank lines are skipped.
    /// - Parameter file: names the file in errors.
    public static func parseFile(_ text: String, file: String) throws(EvaluationError) -> [YOLOLabel] {
        var labels: [YOLOLabel] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard !fields.isEmpty else { continue }
            func malformed(_ reason: String) -> EvaluationError {
                .malformedLabel(file: file, line: index + 1, reason: reason)
            }
            guard fields.count == 5 else {
                throw malformed("expected 5 fields `class cx cy w h`, found \(fields.count)")
            }
            guard let classID = Int(fields[0]), classID >= 0 else {
                throw malformed("class `\(fields[0])` is not a non-negative integer")
            }
            let values = fields.dropFirst().compactMap { Double($0) }
            guard values.count == 4, values.allSatisfy({ (0...1).contains($0) }) else {
                throw malformed("cx cy w h must be numbers within 0...1")
            }
            labels.append(YOLOLabel(
                classID: classID, centerX: values[0], centerY: values[1],
                width: values[2], height: values[3]))
        }
        return labels
    }

    /// The object in pixels of an image of the given size, computed as
    /// tools/eval/coco_eval.py (and Ultralytics) do: x1 = (cx - w/2) * W, x2 = (cx + w/2) * W.
    public func groundTruthBox(imageWidth: Int, imageHeight: Int) -> GroundTruthBox {
        let scaleX = Double(imageWidth)
        let scaleY = Double(imageHeight)
        return GroundTruthBox(classID: classID, box: PixelBox(
            x1: (centerX - width / 2) * scaleX, y1: (centerY - height / 2) * scaleY,
            x2: (centerX + width / 2) * scaleX, y2: (centerY + height / 2) * scaleY))
    }
}
