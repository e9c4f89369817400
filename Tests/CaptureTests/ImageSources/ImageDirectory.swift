import CTurboJPEG
import Foundation

@testable import Capture

/// A temporary directory of small JPEGs, removed when released. Image `k`
/// is `8 + k` pixels wide, so frames tell which file they came from.
final class ImageDirectory {
    let path: String

    init(jpegCount: Int, extraFiles: [String: [UInt8]] = [:]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("images-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        // Written in reverse so that directory order is unlikely to be name order.
        for index in (0..<jpegCount).reversed() {
            try write(Self.jpeg(width: 8 + index), named: String(format: "frame%03d.jpg", index))
        }
        for (name, bytes) in extraFiles { try write(bytes, named: name) }
    }

    static func jpeg(width: Int, height: Int = 6) throws -> [UInt8] {
        try TestJPEGEncoder.encode(
            TestJPEGEncoder.pattern(width: width, height: height, channels: 3), width: width, height: height,
            format: TJPF_RGB, subsampling: TJSAMP_444)
    }

    func write(_ bytes: [UInt8], named name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path).appendingPathComponent(name))
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
