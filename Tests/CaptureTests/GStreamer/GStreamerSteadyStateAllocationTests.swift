import AllocationCounter
import Testing

@testable import Capture

/// Once warm, taking a frame from a GStreamer source and converting it into the model input
/// allocates nothing on the capture thread: not in Swift (GStreamerSource, FramePreprocessor)
/// and not in what the shim calls of GStreamer per frame (take, map, unmap, release).
/// GStreamer's own threads (the source's streaming thread) are not counted.
@Suite(.serialized) struct GStreamerSteadyStateAllocationTests {
    @Test(arguments: [
        "format=I420,width=642,height=362",
        "format=NV12,width=1280,height=720",
        "format=YUY2,width=320,height=240",
        "format=RGB,width=161,height=121",
    ])
    func captureAndPreprocessAllocateNothingOnceWarm(_ caps: String) throws {
        try GStreamerTesting.require()
        let source = try GStreamerTesting.source("videotestsrc is-live=true ! video/x-raw,\(caps),framerate=60/1")
        let stopGuard = StopGuard(source.stopSignal)
        defer { #expect(!stopGuard.finish(), "frames stopped coming") }
        let preprocessor = try FramePreprocessor(inputWidth: 320, inputHeight: 320, quantization: ReferencePath.table)
        let input = UnsafeMutableBufferPointer<Int8>.allocate(capacity: preprocessor.inputCount)
        defer { input.deallocate() }
        var converted = 0
        func frame() throws -> Bool {
            let transform = try source.withNextFrame { (info, bytes) throws(PreprocessError) in
                try preprocessor.preprocess(info, bytes, into: input)
            }
            guard transform != nil else { return false }
            converted += 1
            return true
        }

        for _ in 0..<20 {
            try #require(try frame())
        }
        converted = 0
        allocation_counter_thread_start()
        var ended = false
        for _ in 0..<60 where !ended {
            ended = try !frame()
        }
        let allocations = allocation_counter_thread_stop()
        #expect(!ended)
        #expect(converted == 60)
        #expect(allocations == 0, "\(allocations) allocations in 60 frames of \(caps)")
        // The frames were a steady stream, not restarts.
        let status = source.status.snapshot()
        #expect(status.counters.opens == 1 && status.counters.reconnects == 0)
    }
}
