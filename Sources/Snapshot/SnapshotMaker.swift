import Capture
import Detect

/// Makes annotated JPEG snapshots: a frame rendered at full size (``SourceFrameRenderer``),
/// drawn on (``Annotator``) and encoded (``JPEGEncoder``), with one picture buffer and one JPEG
/// buffer made on the first snapshot and reused for every later one of that size.
///
/// Meant to run beside the pipeline, never in it: the capture thread only copies the lent
/// frame into a ``SourceFrame`` (a `memcpy` into reused storage) and hands it over with its
/// detections; the work here then runs on a thread of its own, so a snapshot never delays
/// inference. Not thread-safe: one maker serves one thread.
public final class SnapshotMaker {
    public let annotator: Annotator
    private let renderer: SourceFrameRenderer
    private let encoder: JPEGEncoder
    private var picture = RGBImage()

    /// - Parameters:
    ///   - subsampling: 4:4:4 by default, which keeps coloured strokes and small text crisp where
    ///     4:2:0 would smear them into the picture (at about a third more bytes).
    ///   - colorMatrix: the source's YCbCr matrix, as the preprocessor is given it.
    public init(
        annotator: Annotator, quality: Int = JPEGEncoder.defaultQuality, subsampling: JPEGChromaSubsampling = .yuv444,
        colorMatrix: YCbCrMatrix = .bt601
    ) throws(SnapshotError) {
        self.annotator = annotator
        do {
            renderer = try SourceFrameRenderer(colorMatrix: colorMatrix)
        } catch {
            throw .frame(error)
        }
        do {
            encoder = try JPEGEncoder(quality: quality, subsampling: subsampling)
        } catch {
            throw .encoding(error)
        }
    }

    /// `frame` with `detections` (boxes in the frame's pixels) drawn on it, as JPEG. The bytes
    /// are a slice of the maker's buffer (see ``JPEGEncoder/encode(_:)``): write them out
    /// before the next snapshot, or the next one copies the buffer first.
    public func jpeg(of frame: SourceFrame, detections: [Detection]) throws(SnapshotError) -> ArraySlice<UInt8> {
        do {
            try renderer.render(frame, into: &picture)
        } catch {
            throw .frame(error)
        }
        return try jpeg(annotating: &picture, detections: detections)
    }

    /// Draws `detections` on `image` itself, then encodes it, for pictures already in RGB.
    public func jpeg(annotating image: inout RGBImage, detections: [Detection]) throws(SnapshotError) -> ArraySlice<UInt8> {
        annotator.draw(detections, on: &image)
        do {
            return try encoder.encode(image)
        } catch {
            throw .encoding(error)
        }
    }
}
