import Testing

@testable import Capture

@Suite struct FormatChoiceTests {
    private func offer(
        _ format: PixelFormat, emulated: Bool = false, _ sizes: [(Int, Int, Double)]
    ) -> FormatDescription {
        FormatDescription(
            format: format, name: format.description, isEmulated: emulated,
            sizes: .discrete(sizes.map { DiscreteFrameSize(FrameSize(width: $0.0, height: $0.1), rates: .discrete([$0.2])) }))
    }

    private let vga = FrameSize(width: 640, height: 480)

    @Test func nativeFormatBeatsLibv4lConversion() {
        let offers = [offer(.rgb24, emulated: true, [(640, 480, 30)]), offer(.yuyv, [(640, 480, 30)])]
        let choice = FormatChoice.best(among: offers, for: CaptureRequest())
        #expect(choice == FormatChoice(format: .yuyv, size: vga, isEmulated: false))
    }

    @Test func conversionIsTheFallbackWhenNothingNativeFits() {
        let grey = PixelFormat("GREY")!
        let offers = [offer(grey, [(640, 480, 30)]), offer(.rgb24, emulated: true, [(640, 480, 30)])]
        let choice = FormatChoice.best(among: offers, for: CaptureRequest())
        #expect(choice == FormatChoice(format: .rgb24, size: vga, isEmulated: true))
    }

    @Test func closestSizeWins() {
        let offers = [offer(.yuyv, [(320, 240, 30), (800, 600, 30), (1280, 720, 30)])]
        let choice = FormatChoice.best(among: offers, for: CaptureRequest())
        #expect(choice?.size == FrameSize(width: 800, height: 600))
    }

    @Test func preferenceOrderBreaksTies() {
        let offers = [offer(.nv12, [(640, 480, 30)]), offer(.yuyv, [(640, 480, 30)])]
        #expect(FormatChoice.best(among: offers, for: CaptureRequest())?.format == .yuyv)
        let nv12First = CaptureRequest(formats: [.nv12, .yuyv])
        #expect(FormatChoice.best(among: offers, for: nv12First)?.format == .nv12)
    }

    @Test func requestedRateOutranksFormatPreference() {
        let offers = [offer(.yuyv, [(1280, 720, 10)]), offer(.mjpeg, [(1280, 720, 30)])]
        let hd = FrameSize(width: 1280, height: 720)
        #expect(FormatChoice.best(among: offers, for: CaptureRequest(size: hd, framesPerSecond: 30))?.format == .mjpeg)
        #expect(FormatChoice.best(among: offers, for: CaptureRequest(size: hd))?.format == .yuyv)
    }

    @Test func stepwiseSizesSnapToTheStepGrid() {
        let offers = [
            FormatDescription(
                format: .nv12, name: "NV12", isEmulated: false,
                sizes: .stepwise(
                    minimum: FrameSize(width: 16, height: 16), maximum: FrameSize(width: 1920, height: 1080),
                    step: FrameSize(width: 16, height: 8)))
        ]
        let near = FormatChoice.best(among: offers, for: CaptureRequest(size: FrameSize(width: 1000, height: 700)))
        #expect(near?.size == FrameSize(width: 1008, height: 704))
        let huge = FormatChoice.best(among: offers, for: CaptureRequest(size: FrameSize(width: 5000, height: 3000)))
        #expect(huge?.size == FrameSize(width: 1920, height: 1080))
    }

    @Test func noRequestedFormatOfferedGivesNil() {
        let offers = [offer(.yuyv, [(640, 480, 30)])]
        #expect(FormatChoice.best(among: offers, for: CaptureRequest(formats: [.mjpeg])) == nil)
        #expect(FormatChoice.best(among: [], for: CaptureRequest()) == nil)
    }
}
