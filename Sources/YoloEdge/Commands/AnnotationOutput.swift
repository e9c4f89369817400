import Capture
import Detect
import FoundationEssentials
import Glibc
import Infer
import Snapshot

/// `detect --annotate DIR`: each image or frame, with its detections drawn as the daemon's
/// snapshots draw them, written as a JPEG into DIR (created if missing): `DIR/<image name>.jpg`
/// for an image file, `DIR/frame-<sequence>.jpg` for a source's frame.
final class AnnotationOutput {
    let directory: String
    private let snapshots: SnapshotMaker
    private var frame = SourceFrame()

    init(directory: String, classNames: [String]) throws {
        try Self.makeDirectory(directory)
        self.directory = directory
        snapshots = try SnapshotMaker(annotator: Annotator(classNames: classNames))
    }

    /// Draws `detections` on `image` (in place) and writes it for the image file at `imagePath`.
    /// - Returns: the path written.
    @discardableResult
    func write(_ image: inout RGBImage, detections: [Detection], imagePath: String) throws -> String {
        try save(snapshots.jpeg(annotating: &image, detections: detections), as: Self.outputName(forImage: imagePath))
    }

    /// Copies the frame a source lends, draws `detections` on it and writes it.
    /// - Returns: the path written.
    @discardableResult
    func write(_ info: FrameInfo, _ bytes: RawSpan, detections: [Detection]) throws -> String {
        frame.copy(info, bytes)
        return try save(snapshots.jpeg(of: frame, detections: detections), as: "frame-\(info.sequence).jpg")
    }

    /// `photos/cat.jpeg` is written as `cat.jpg`.
    static func outputName(forImage path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot > file.startIndex else { return file + ".jpg" }
        return file[..<dot] + ".jpg"
    }

    private func save(_ jpeg: ArraySlice<UInt8>, as name: String) throws -> String {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        do {
            return try ReplacingFileWriter.write(Array(jpeg), to: path)
        } catch {
            throw CommandFailure(description: "--annotate: \(error)")
        }
    }

    private static func makeDirectory(_ path: String) throws {
        var status = stat()
        if stat(path, &status) != 0 {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(description: "--annotate: cannot create the folder \(path): \(reason(error))")
            }
        } else if status.st_mode & S_IFMT != S_IFDIR {
            throw CommandFailure(description: "--annotate: \(path) exists and is not a folder")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw CommandFailure(description: "--annotate: cannot write into \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The system's words for why a folder could not be made, where Foundation kept them.
    private static func reason(_ error: any Error) -> String {
        guard let underlying = (error as? CocoaError)?.underlying as? POSIXError else { return "\(error)" }
        return String(cString: strerror(underlying.code.rawValue))
    }
}
