#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A directory of YOLO label files: image `.../NAME.EXT` has its objects in `NAME.txt`.
public struct YOLOLabelDirectory: Hashable, Sendable {
    public var path: String

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
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(filePath: file))
        } catch {
            throw .unreadableFile(path: file, reason: "\(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadableFile(path: file, reason: "not UTF-8 text")
        }
        return try YOLOLabel.parseFile(text, file: file).map {
            $0.groundTruthBox(imageWidth: width, imageHeight: height)
        }
    }
}
