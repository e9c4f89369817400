extension DetectionRecord {
    /// The record of one image's detections, as `detect --json` writes it.
    public init(
        image: String, width: Int, height: Int, detections: [Detection], label: (Int) -> String,
        timing: DetectionTiming
    ) {
        self.init(
            image: image, width: width, height: height,
            detections: detections.map { detection in
                let box = detection.box
                return DetectedObject(
                    classID: detection.classID, label: label(detection.classID), score: Double(detection.score),
                    box: PixelBox(x1: Double(box.x1), y1: Double(box.y1), x2: Double(box.x2), y2: Double(box.y2)),
                    trackID: detection.trackID)
            },
            timing: timing)
    }
}
