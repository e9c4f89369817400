import Foundation
import TestSupport

/// Three 640x480 YUYV frames in a file, played by a looping `raw:` source. Raw frames rather
/// than JPEG images: libjpeg-turbo allocates inside every decode (its own working memory), which
/// the daemon cannot avoid for JPEG and MJPEG sources.
struct RawTestFrames {
    static let frameBytes = 640 * 480 * 2
    /// The three frames, one after the other.
    let bytes = (0..<3 * Self.frameBytes).map { UInt8(truncatingIfNeeded: $0 / 7) }
    /// The source spec that plays them.
    let source: String

    init(in directory: TemporaryDirectory) throws {
        try Data(bytes).write(to: directory.file("frames.yuyv"))
        source = "raw:\(directory.file("frames.yuyv").path):640x480:yuyv:loop"
    }

    /// Whether `copy` is one of the frames.
    func contains(_ copy: [UInt8]) -> Bool {
        (0..<3).contains { bytes[$0 * Self.frameBytes..<($0 + 1) * Self.frameBytes].elementsEqual(copy) }
    }
}
