import Testing

@testable import Capture

@Suite struct SourceSpecTests {
    @Test func devicePathsAreCameras() throws {
        #expect(try SourceSpec(parsing: "/dev/video0") == .camera(path: "/dev/video0"))
        let byID = "/dev/v4l/by-id/usb-Logitech_C920-video-index0"
        #expect(try SourceSpec(parsing: byID) == .camera(path: byID))
        #expect(try SourceSpec(parsing: "v4l2:/tmp/cam") == .camera(path: "/tmp/cam"))
    }

    @Test func rawSpecWithOptionsAndColonInPath() throws {
        let spec = try SourceSpec(parsing: "raw:/tmp/a:b.yuv:640x480:yuyv:loop:fps=15")
        let expected = RawReplaySource.Configuration(
            path: "/tmp/a:b.yuv", format: .yuyv, size: FrameSize(width: 640, height: 480), loops: true,
            framesPerSecond: 15)
        #expect(spec == .raw(expected))
    }

    @Test func rawSpecDefaultsToOnceUnpaced() throws {
        let spec = try SourceSpec(parsing: "raw:-:320x240:NV12")
        #expect(spec == .raw(.init(path: "-", format: .nv12, size: FrameSize(width: 320, height: 240))))
    }

    @Test(arguments: [
        ("raw:/tmp/x:640x480:rgb24", "raw format must be yuyv or nv12"),
        ("raw:/tmp/x:640by480:yuyv", "size must be WIDTHxHEIGHT"),
        ("raw:/tmp/x:0x480:yuyv", "size must be WIDTHxHEIGHT"),
        ("raw:640x480:yuyv", "raw: needs PATH:WIDTHxHEIGHT:FORMAT"),
        ("raw::640x480:yuyv", "raw: needs a file path"),
        ("raw:/x:640x480:nv12:fps=abc", "fps= needs a positive number"),
        ("v4l2:", "v4l2: needs a device path"),
        ("camera0", "expected /dev/videoN"),
    ])
    func badSpecsNameTheProblem(spec: String, problem: String) {
        #expect {
            try SourceSpec(parsing: spec)
        } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains(spec)
        }
    }

    @Test func pixelFormatCodes() {
        #expect(PixelFormat.yuyv.fourCC == 0x5659_5559)
        #expect(PixelFormat.nv12.description == "NV12")
        #expect(PixelFormat(name: "mjpeg") == .mjpeg)
        #expect(PixelFormat(name: "RGB3") == .rgb24)
        #expect(PixelFormat("TOOLONG") == nil)
        #expect(PixelFormat.nv12.packedFrameByteCount(width: 4, height: 2) == 12)
        #expect(PixelFormat.mjpeg.packedFrameByteCount(width: 4, height: 2) == nil)
    }
}
