import Capture
import Foundation
import Snapshot
import TestSupport
import Testing

@testable import YoloEdge

/// `detect --annotate OUT_DIR`: the built binary on the real model writes the pictures with
/// their boxes drawn.
@Suite(.serialized) struct AnnotateCommandTests {
    static var model: String { ReferenceData.fullIntegerModel.path }

    /// The mean colour of the pixels in columns `columns`, rows `rows`.
    static func meanColor(_ image: RGBImage, columns: ClosedRange<Int>, rows: ClosedRange<Int>) -> RGBColor {
        var sums = (0, 0, 0)
        for y in rows {
            for x in columns {
                let pixel = image.pixel(x: x, y: y)
                sums = (sums.0 + Int(pixel.red), sums.1 + Int(pixel.green), sums.2 + Int(pixel.blue))
            }
        }
        let count = columns.count * rows.count
        return RGBColor(red: UInt8(sums.0 / count), green: UInt8(sums.1 / count), blue: UInt8(sums.2 / count))
    }

    @Test func anAnnotatedImageHasTheSourceSizeAndTheBoxesColours() throws {
        try ReferenceData.require(binary: true)
        let image = try #require(try ReferenceData.validationImageURLs(count: 1).first)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Missing folders are made, parents too.
        let output = directory.file("annotated/first").path
        let result = try runBuiltBinary(["detect", "--model", Self.model, "--json", "--annotate", output, image.path], killAfter: 120)
        #expect(result.status == 0, "\(result.errors)")

        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(result.text.split(separator: "\n")[0].utf8)) as? [String: Any])
        let width = try #require(record["width"] as? Int)
        let height = try #require(record["height"] as? Int)
        let detections = try #require(record["detections"] as? [[String: Any]])
        var picture = RGBImage()
        try JPEGDecoder().decodeFile(
            atPath: output + "/" + image.deletingPathExtension().lastPathComponent + ".jpg", into: &picture)
        #expect(picture.width == width && picture.height == height)

        // The largest box's left edge, along the middle half of its height (no label there):
        // the two stroke columns average to its class's colour, within JPEG's error.
        let boxes = detections.compactMap { detection -> (classID: Int, box: [Double])? in
            guard let classID = detection["class_id"] as? Int, let box = detection["box"] as? [Double] else { return nil }
            return (classID, box)
        }
        let largest = try #require(boxes.max { ($0.box[2] - $0.box[0]) * ($0.box[3] - $0.box[1]) < ($1.box[2] - $1.box[0]) * ($1.box[3] - $1.box[1]) })
        let left = Int(largest.box[0].rounded(.down))
        let (top, bottom) = (Int(largest.box[1]), Int(largest.box[3]))
        try #require(left >= 0 && left + 1 < width)
        let edge = Self.meanColor(
            picture, columns: left...(left + 1), rows: (top + (bottom - top) / 4)...(bottom - (bottom - top) / 4))
        let expected = ClassPalette.color(ofClass: largest.classID)
        let close = [(edge.red, expected.red), (edge.green, expected.green), (edge.blue, expected.blue)]
            .allSatisfy { abs(Int($0.0) - Int($0.1)) <= 40 }
        #expect(close, "the left edge of \(largest) is \(edge), its class colour \(expected)")
    }

    @Test func framesOfASourceAreWrittenByTheirSequence() throws {
        try ReferenceData.require(binary: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Two 64×48 YUYV frames: a dark grey and a lighter one.
        let frames = [UInt8](repeating: 60, count: 64 * 48 * 2) + [UInt8](repeating: 160, count: 64 * 48 * 2)
        try Data(frames).write(to: directory.file("frames.yuyv"))
        let output = directory.file("out").path
        let result = try runBuiltBinary([
            "detect", "--model", Self.model, "--source", "raw:\(directory.file("frames.yuyv").path):64x48:yuyv",
            "--frames", "2", "--annotate", output,
        ], killAfter: 120)
        #expect(result.status == 0, "\(result.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(names.count == 2 && names.allSatisfy { $0.hasPrefix("frame-") && $0.hasSuffix(".jpg") }, "\(names)")
        var picture = RGBImage()
        for name in names {
            try JPEGDecoder().decodeFile(atPath: output + "/" + name, into: &picture)
            #expect(picture.width == 64 && picture.height == 48)
        }
    }

    @Test func anOutputThatCannotBeAFolderIsASentence() throws {
        try ReferenceData.require(binary: true)
        let image = try #require(try ReferenceData.validationImageURLs(count: 1).first)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("not a folder", to: "file")
        for output in [directory.file("file").path, directory.file("file/below").path] {
            let result = try runBuiltBinary(["detect", "--model", Self.model, "--annotate", output, image.path])
            #expect(result.status == 1, "\(result.status): \(result.errors)")
            #expect(result.errors.contains("--annotate") && result.errors.contains(output), "\(result.errors)")
        }
    }

    @Test func outputNamesAreTheImagesNamesAsJPEG() {
        #expect(AnnotationOutput.outputName(forImage: "photos/cat.jpeg") == "cat.jpg")
        #expect(AnnotationOutput.outputName(forImage: "/a/b/000000000009.jpg") == "000000000009.jpg")
        #expect(AnnotationOutput.outputName(forImage: "noextension") == "noextension.jpg")
        #expect(AnnotationOutput.outputName(forImage: "dir/.hidden") == ".hidden.jpg")
        #expect(AnnotationOutput.outputName(forImage: "many.dots.png") == "many.dots.jpg")
    }
}
