import Capture
import Detect
import Testing

/// The rectangle a frame is fitted into: Ultralytics' `LetterBox(auto=True)` at a long side of
/// 640 and a stride of 32.
struct InputSizeRequestTests {
    @Test(arguments: [
        (640, 480, 640, 480),  // 4:3 fits exactly
        (1280, 720, 640, 384),  // 16:9: 360 rows rounded up to 384
        (1920, 1080, 640, 384),
        (640, 427, 640, 448),  // a COCO photo
        (480, 640, 480, 640),  // portrait
        (500, 375, 640, 480),  // scaled up, as the letterbox does
        (4000, 10, 640, 32),  // a sliver keeps one stride
        (640, 640, 640, 640),
    ])
    func framesFitTheSmallestStrideRectangle(width: Int, height: Int, fittedWidth: Int, fittedHeight: Int) throws {
        let fitted = try InputSizeRequest.fittedSize(
            holding: FrameSize(width: width, height: height), longSide: 640, stride: 32)
        #expect(fitted == FrameSize(width: fittedWidth, height: fittedHeight))
    }

    @Test func theLetterboxInsideTheRectangleScalesAsInTheSquare() throws {
        for (width, height) in [(1280, 720), (640, 427), (333, 500), (1000, 999)] {
            let fitted = try InputSizeRequest.fittedSize(
                holding: FrameSize(width: width, height: height), longSide: 640, stride: 32)
            let square = try LetterboxTransform(sourceWidth: width, sourceHeight: height, inputWidth: 640, inputHeight: 640)
            let rectangle = try LetterboxTransform(
                sourceWidth: width, sourceHeight: height, inputWidth: fitted.width, inputHeight: fitted.height)
            #expect(rectangle.gain == square.gain, "\(width)x\(height) in \(fitted)")
            #expect(rectangle.resizedWidth == square.resizedWidth && rectangle.resizedHeight == square.resizedHeight)
            #expect(fitted.width - rectangle.resizedWidth < 32 && fitted.height - rectangle.resizedHeight < 32)
        }
    }

    @Test func sizesAreReadAsASquareOrWidthByHeight() {
        #expect(DetectorSettingRules.inputSize(parsing: "640") == FrameSize(width: 640, height: 640))
        #expect(DetectorSettingRules.inputSize(parsing: "640x384") == FrameSize(width: 640, height: 384))
        for text in ["", "x", "640x", "x384", "640x384x3", "640X384", " 640", "-640", "auto"] {
            let refusal: String? =
                if let size = DetectorSettingRules.inputSize(parsing: text) { DetectorSettingRules.inputSize(size) } else { "unreadable" }
            #expect(refusal != nil, "\(text)")
        }
        #expect(DetectorSettingRules.inputSize(FrameSize(width: 640, height: 384)) == nil)
        #expect(DetectorSettingRules.inputSize(FrameSize(width: 640, height: 380)) == "must be a multiple of 32, got 380")
        #expect(DetectorSettingRules.inputSize(FrameSize(width: 4096, height: 384)) == "must be between 32 and 2048, got 4096")
    }
}
