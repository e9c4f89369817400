import Testing

@testable import Capture

@Suite struct CaptureStatisticsTests {
    private func frame(_ sequence: UInt32, at milliseconds: Int, format: PixelFormat = .yuyv) -> FrameInfo {
        FrameInfo(
            format: format, width: 4, height: 2, bytesPerLine: 8, sequence: sequence,
            timestamp: .milliseconds(milliseconds))
    }

    @Test func rateComesFromTimestampsAndGapsFromSequences() {
        var statistics = CaptureStatistics()
        for (sequence, time) in [(0, 1000), (1, 1040), (3, 1120), (4, 1160)] {
            statistics.record(frame(UInt32(sequence), at: time), byteCount: 16)
        }
        #expect(statistics.frames == 4)
        #expect(statistics.framesAfterGaps == [2])
        #expect(statistics.measuredFramesPerSecond.map { abs($0 - 3 / 0.16) < 1e-9 } == true)
    }

    @Test func restartedSequenceIsNotADrop() {
        var statistics = CaptureStatistics()
        for (sequence, time) in [(40, 0), (41, 40), (0, 300), (1, 340)] {
            statistics.record(frame(UInt32(sequence), at: time), byteCount: 16)
        }
        #expect(statistics.framesAfterGaps.isEmpty)
    }

    @Test func framesSmallerThanTheirFormatAreCounted() {
        var statistics = CaptureStatistics()
        statistics.record(frame(0, at: 0), byteCount: 15)
        statistics.record(frame(1, at: 40, format: .nv12), byteCount: 12)
        statistics.record(frame(2, at: 80, format: .mjpeg), byteCount: 3)
        #expect(statistics.shortFrames == 1)
        #expect(statistics.measuredFramesPerSecond.map { abs($0 - 25) < 1e-9 } == true)
    }

    @Test func recoveriesAndFormatsAreCollectedFromEvents() {
        var statistics = CaptureStatistics()
        let format = StreamFormat(
            format: .yuyv, width: 640, height: 480, bytesPerLine: 1280, imageSize: 614_400,
            framesPerSecond: 25, isConverted: false)
        statistics.record(.opened(format))
        statistics.record(.fault(.timeout(.seconds(2))))
        statistics.record(.opened(format))
        statistics.record(.recovered(after: .milliseconds(70)))
        #expect(statistics.openedFormats == [format, format])
        #expect(statistics.recoveryTimes == [.milliseconds(70)])
        #expect(statistics.measuredFramesPerSecond == nil)
    }
}
