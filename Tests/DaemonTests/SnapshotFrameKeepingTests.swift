import Logging
import TestSupport
import Testing
@testable import Daemon

/// The pipeline copies frames for snapshots only once something wants them, into buffers the
/// store makes for it, and allocates nothing per frame after that.
@Suite struct SnapshotFrameKeepingTests {
    @Test func framesAreKeptOnlyOnceWantedWithoutCaptureAllocating() async throws {
        try ReferenceData.require()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let frames = try RawTestFrames(in: directory)
        var config = DaemonConfig()
        config.model = ReferenceData.fullIntegerModel.path
        config.source = frames.source
        config.threads = 1
        let counters = PipelineCounters()
        let components = try EngineIntegration.factory(config)
        let store = try #require(components.snapshots)
        let controller = PipelineController(components: components, counters: counters, logger: Logger(label: "test"))
        controller.start()
        defer {
            controller.beginStop()
            controller.finishStop()
        }
        func waitUntil(_ condition: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(300)
            while !condition() {
                try #require(ContinuousClock.now < deadline, "timed out")
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let warm = UInt64(SteadyStateAllocations.warmUpFrames + 3)
        try await waitUntil { counters.processed.load(ordering: .relaxed) >= warm }

        var entry = store.makeEntry()
        #expect(!store.takeLatest(into: &entry), "a frame was kept before anything wanted one")
        #expect(store.largestFrameByteCount == 0, "the slots have storage before anything wanted a frame")

        #expect(store.startKeepingFrames())
        #expect(!store.startKeepingFrames(), "keeping started twice")
        // As the snapshot thread does: what a take swaps in must hold a frame, or the capture
        // thread gets a buffer too small back and grows it.
        entry.frame.reserveCapacity(store.largestFrameByteCount)
        var second = store.makeEntry()
        second.frame.reserveCapacity(store.largestFrameByteCount)
        try await waitUntil { store.takeLatest(into: &entry) }
        // The first kept frames made the runtime's first-use allocations (generic metadata,
        // in a debug build) on the capture thread; from here on, every frame of the pipeline
        // comes round with a copy and is swapped through the store, allocating nothing.
        let firstKept = counters.processed.load(ordering: .relaxed)
        let allocationsWhenKept = counters.captureAllocations.load(ordering: .relaxed)
        try await waitUntil { counters.processed.load(ordering: .relaxed) >= firstKept + 6 }
        #expect(store.takeLatest(into: &second))

        for kept in [entry, second] {
            #expect(kept.frame.byteCount == RawTestFrames.frameBytes)
            #expect(frames.contains(kept.frame.withBytes { bytes in bytes.withUnsafeBytes { Array($0) } }))
        }
        #expect(
            counters.captureAllocations.load(ordering: .relaxed) == allocationsWhenKept,
            "capture thread, over \(counters.captured.load(ordering: .relaxed)) frames")
    }
}
