import Capture

/// The values a detector's settings may take, wherever they are set: the config file and the
/// flags of every command. Each check returns why a value is refused, or nil; the caller names
/// the setting (`size must be ...` in a config error, `--size must be ...` on the command line).
public enum DetectorSettingRules {
    /// Inference threads. More than the cores only adds contention, but a machine may have many.
    public static let threads = 1...256
    /// Model input sides, in pixels; each a multiple of `sizeStep` (YOLOv8's largest stride).
    public static let sizes = 32...2048
    public static let sizeStep = 32
    /// Detections kept per image or frame; every buffer downstream is sized by it.
    public static let maxDetections = 1...1000

    public static func threads(_ value: Int) -> String? {
        within(threads, value)
    }

    public static func size(_ value: Int) -> String? {
        if let reason = within(sizes, value) { return reason }
        return value % sizeStep == 0 ? nil : "must be a multiple of \(sizeStep), got \(value)"
    }

    /// Reads a model input size, "640" for 640x640 or "640x384" (width x height), without
    /// checking its sides (`inputSize(_:)` does); nil if it is neither form.
    public static func inputSize(parsing text: String) -> FrameSize? {
        let sides = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(sides.count), let width = sides[0], let height = sides.last! else { return nil }
        return FrameSize(width: width, height: height)
    }

    public static func inputSize(_ size: FrameSize) -> String? {
        for side in [size.width, size.height] {
            if let reason = self.size(side) { return reason }
        }
        return nil
    }

    /// Detections score above the confidence, so 0 keeps every box and 1 would keep none.
    public static func confidence(_ value: Double) -> String? {
        value >= 0 && value < 1 ? nil : "must be at least 0 and less than 1, got \(value)"
    }

    /// A lower-scored box of the same class is dropped above this overlap; 1 drops only copies.
    public static func iou(_ value: Double) -> String? {
        value > 0 && value <= 1 ? nil : "must be greater than 0 and at most 1, got \(value)"
    }

    public static func maxDetections(_ value: Int) -> String? {
        within(maxDetections, value)
    }

    /// The words every integer range check uses, these and the daemon's own.
    public static func within(_ bounds: ClosedRange<Int>, _ value: Int) -> String? {
        bounds.contains(value) ? nil : "must be between \(bounds.lowerBound) and \(bounds.upperBound), got \(value)"
    }
}
