import Testing
@testable import Infer

@Suite("Binary op broadcast layout")
struct BroadcastLayoutTests {
    @Test func contiguousInputsBecomeOneLine() {
        let layout = BroadcastLayout(
            shape: [1, 1, 1, 2, 3, 4], strides1: [0, 0, 0, 12, 4, 1], strides2: [0, 0, 0, 12, 4, 1]
        ).coalesced()
        #expect(layout == BroadcastLayout(shape: [1, 24], strides1: [0, 1], strides2: [0, 1]))
    }

    @Test func broadcastAxesStaySeparate() {
        let layout = BroadcastLayout(shape: [2, 3, 4], strides1: [12, 4, 1], strides2: [0, 4, 1]).coalesced()
        #expect(layout == BroadcastLayout(shape: [2, 12], strides1: [12, 1], strides2: [0, 1]))
    }

    @Test func longLinesSplitAtADivisor() {
        let layout = BroadcastLayout(shape: [1, 409_600], strides1: [0, 1], strides2: [0, 1]).splittingInnermost(atMost: 8192)
        #expect(layout == BroadcastLayout(shape: [1, 50, 8192], strides1: [0, 8192, 1], strides2: [0, 8192, 1]))
        let broadcastScalar = BroadcastLayout(shape: [16_800], strides1: [1], strides2: [0]).splittingInnermost(atMost: 8192)
        #expect(broadcastScalar == BroadcastLayout(shape: [3, 5600], strides1: [5600, 1], strides2: [0, 0]))
    }
}
