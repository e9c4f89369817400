import Capture
import Infer

/// Detectors for images of any shape, for `detect` and `eval`: one at a fixed input size, or one
/// per rectangle the images fit (Ultralytics' rect inference), each made when first needed and
/// kept. A model fixed at its export size always gets the one detector.
public final class ImageDetectors {
    public enum Shaping: Sendable {
        /// Every image letterboxed into one input size.
        case fixed
        /// Each image letterboxed into its own smallest rectangle (`InputSizeRequest.fitting`).
        case perImage
    }

    /// The detector at the fixed size (or the model's own): class names, warnings.
    public let first: YOLODetector
    private let graph: Graph
    private let longSide: Int
    private let shaping: Shaping
    private let threads: Int
    private let nms: NMSOptions
    private var bySize: [FrameSize: YOLODetector] = [:]

    /// - Parameter size: the input size (with `.perImage`, its long side is the rectangles'),
    ///   or nil for the model's own.
    public init(graph: Graph, size: FrameSize?, shaping: Shaping, threads: Int, nms: NMSOptions) throws {
        first = try YOLODetector(graph: graph, size: size.map { .fixed($0) } ?? .model, threads: threads, nms: nms)
        self.graph = graph
        longSide = max(first.inputWidth, first.inputHeight)
        self.shaping = shaping
        self.threads = threads
        self.nms = nms
        bySize[FrameSize(width: first.inputWidth, height: first.inputHeight)] = first
    }

    /// The detector for an image of this size.
    public func detector(forWidth width: Int, height: Int) throws -> YOLODetector {
        guard shaping == .perImage, let stride = first.largestStride else { return first }
        let size = try InputSizeRequest.fittedSize(
            holding: FrameSize(width: width, height: height), longSide: longSide, stride: stride)
        if let detector = bySize[size] { return detector }
        let detector = try YOLODetector(graph: graph, size: .fixed(size), threads: threads, nms: nms)
        bySize[size] = detector
        return detector
    }
}
