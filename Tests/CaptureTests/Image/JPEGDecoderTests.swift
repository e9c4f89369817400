import CTurboJPEG
import Foundation
import TestSupport
import Testing

@testable import Capture

@Suite struct JPEGDecoderTests {
    let decoder: JPEGDecoder

    init() throws {
        decoder = try JPEGDecoder()
    }

    @Test func decodesRealImagesLikeDjpeg() throws {
        try ReferenceData.require()
        try JPEGTools.require()
        let paths = try ReferenceData.validationImageURLs(count: 3).map(\.path)
        #expect(paths.count == 3)
        var image = RGBImage()
        for path in paths {
            let reference = try NetpbmImage(parsing: JPEGTools.run("djpeg", ["-ppm", path]))
            try decoder.decodeFile(atPath: path, into: &image)
            #expect(image.width == reference.width && image.height == reference.height)
            #expect(image.bytes == reference.pixels, "\(path) differs from djpeg -ppm")
        }
    }

    @Test(ReferenceData.skipTrait(), JPEGTools.skipTrait, arguments: [JPEGScale.half, .quarter, .eighth])
    func scaledDecodingMatchesDjpegScale(scale: JPEGScale) throws {
        try ReferenceData.require()
        try JPEGTools.require()
        let path = try #require(try ReferenceData.validationImageURLs(count: 1).first).path
        let reference = try NetpbmImage(
            parsing: JPEGTools.run("djpeg", ["-scale", "\(scale)", "-ppm", path]))
        var image = RGBImage()
        try decoder.decodeFile(atPath: path, scale: scale, into: &image)
        #expect(image.width == reference.width && image.height == reference.height)
        #expect(image.bytes == reference.pixels)
    }

    @Test func grayscaleJPEGDecodesToEqualChannels() throws {
        try JPEGTools.require()
        let source = NetpbmImage(
            width: 45, height: 31, channels: 3,
            pixels: TestJPEGEncoder.pattern(width: 45, height: 31, channels: 3))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ppm = directory.file("gray-source.ppm")
        let jpeg = directory.file("gray.jpg")
        try source.encoded.write(to: ppm)
        try JPEGTools.run("cjpeg", ["-grayscale", "-outfile", jpeg.path, ppm.path])
        let gray = try NetpbmImage(parsing: JPEGTools.run("djpeg", ["-pnm", jpeg.path]))
        #expect(gray.channels == 1)

        var image = RGBImage()
        try decoder.decodeFile(atPath: jpeg.path, into: &image)
        #expect(image.width == 45 && image.height == 31)
        #expect(image.bytes == gray.pixels.flatMap { [$0, $0, $0] })
    }

    @Test func cmykJPEGDecodesToRGBLikeDjpeg() throws {
        try JPEGTools.require()
        let jpegBytes = try TestJPEGEncoder.encodePattern(width: 24, height: 17, subsampling: TJSAMP_444, cmyk: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let jpeg = directory.file("cmyk.jpg")
        try Data(jpegBytes).write(to: jpeg)
        let reference = try NetpbmImage(parsing: JPEGTools.run("djpeg", ["-ppm", jpeg.path]))

        var image = RGBImage()
        try decoder.decode(jpegBytes, into: &image)
        #expect(try jpegBytes.withUnsafeBytes { try decoder.header(of: $0) }.isCMYK)
        #expect(image.width == 24 && image.height == 17)
        #expect(image.bytes == reference.pixels)
    }

    @Test func decodingSameSizeAgainReusesTheImageStorage() throws {
        let jpeg = try TestJPEGEncoder.encodePattern(width: 64, height: 48, subsampling: TJSAMP_420)
        var image = RGBImage()
        try decoder.decode(jpeg, into: &image)
        let firstStorage = image.bytes.withUnsafeBufferPointer { $0.baseAddress }
        let firstPixels = image.bytes.map { $0 }  // a copy: sharing would force copy-on-write
        try decoder.decode(jpeg, into: &image)
        #expect(image.bytes.withUnsafeBufferPointer { $0.baseAddress } == firstStorage)
        #expect(image.bytes == firstPixels)
    }

    @Test func truncatedJPEGFailsWithLibjpegMessage() throws {
        let jpeg = try TestJPEGEncoder.encodePattern(width: 64, height: 48, subsampling: TJSAMP_420)
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) {
            try decoder.decode(Array(jpeg.prefix(jpeg.count / 2)), into: &image)
        }
        #expect(error.kind == .invalidData)
        #expect(error.message.contains("Premature end"))
    }

    @Test func corruptFileFailsNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("corrupt.jpg")
        try Data("this is not a JPEG at all".utf8).write(to: path)
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) {
            try decoder.decodeFile(atPath: path.path, into: &image)
        }
        #expect(error.kind == .invalidData)
        #expect(error.path == path.path)
        #expect(error.description.contains(path.path))
        #expect(error.message.contains("Not a JPEG"))
    }

    @Test func corruptFrameHeaderFails() throws {
        var jpeg = try TestJPEGEncoder.encodePattern(width: 16, height: 16, subsampling: TJSAMP_444)
        // Zero the image height in the SOF0 segment (FF C0, length, precision, height).
        let frame = try #require(jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg[frame + 5] = 0
        jpeg[frame + 6] = 0
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) { try decoder.decode(jpeg, into: &image) }
        #expect(error.kind == .invalidData)
        #expect(!error.message.isEmpty)
    }

    @Test func oversizedImageIsRefusedBeforeAllocating() throws {
        let jpeg = try TestJPEGEncoder.encodePattern(width: 64, height: 48, subsampling: TJSAMP_420)
        let small = try JPEGDecoder(maximumPixelCount: 64 * 48 - 1)
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) { try small.decode(jpeg, into: &image) }
        #expect(error.kind == .tooLarge)
        // A quarter-scale decode fits.
        try small.decode(jpeg, scale: .quarter, into: &image)
        #expect(image.width == 16 && image.height == 12)
    }

    @Test func emptyDataFails() throws {
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) { try decoder.decode([], into: &image) }
        #expect(error.kind == .invalidData)
    }

    @Test func missingFileFailsNamingTheFile() throws {
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) {
            try decoder.decodeFile(atPath: "/nonexistent/yolo-edge/missing.jpg", into: &image)
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.path == "/nonexistent/yolo-edge/missing.jpg")
        #expect(error.message == "no such file")
    }

    @Test func unsupportedScaleFails() throws {
        let jpeg = try TestJPEGEncoder.encodePattern(width: 8, height: 8, subsampling: TJSAMP_444)
        var image = RGBImage()
        let error = try #require(throws: JPEGError.self) {
            try decoder.decode(jpeg, scale: JPEGScale(numerator: 1, denominator: 3), into: &image)
        }
        #expect(error.kind == .unsupportedScale)
    }

    @Test func libjpegOffersTheMJPEGScales() {
        for scale in [JPEGScale.full, .half, .quarter, .eighth] {
            #expect(JPEGScale.supported.contains(scale))
        }
        #expect(JPEGScale.half.scaled(641) == 321)
        #expect(JPEGScale.eighth.scaled(480) == 60)
    }

    @Test func loadsImageFileDirectly() throws {
        try ReferenceData.require()
        let path = try #require(try ReferenceData.validationImageURLs(count: 1).first).path
        let image = try RGBImage(contentsOfJPEGFile: path)
        #expect(image.width > 0 && image.height > 0)
        #expect(image.bytes.count == image.width * image.height * 3)
    }
}
