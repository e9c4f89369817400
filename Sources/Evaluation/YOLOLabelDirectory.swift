import Infer

/// A directory of YOLO label files: image `.../NAME.EXT` has its objects in `NAME.txt`.
public struct YOLOLabelDirectory: Hashable, Sendable {
    public var path: String

    /// No label file is this large: a thousand objects take 40 KB.
    public static let maximumFileBytes = 1 << 20

    public init(path: String) {
        self.path = path
    }

    /// The label file for an image path.
    public func labelFile(forImage imagePath: String) -> String {
        path + "/" + stem(of: baseName(of: imagePath)) + ".txt"
    }

    /// The image's objects in pixels; none when it has no label file (as in Ultralytics).
    public func objects(
        forImage imagePath: String, width: Int, height: Int
    ) throws(EvaluationError) -> [GroundTruthBox] {
        let file = labelFile(forImage: imagePath)
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(file, limit: Self.maximumFileBytes)
        } catch where error.kind == .notFound {
            return []
        } catch {
            throw .unreadableFile(path: file, reason: error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadableFile(path: file, reason: "not UTF-8 text")
        }
        return try YOLOLabel.parseFile(text, file: file).map {
            $0.groundTruthBox(imageWidth: width, imageHeight: height)
        }
    }
}
