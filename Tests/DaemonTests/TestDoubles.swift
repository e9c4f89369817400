import Capture
@testable import Daemon
import Detect
import Foundation
import Infer
import Synchronization

/// A frame of the test source: the camera sequence number written into its pixels, so the
/// detector can prove it received the frame the info describes.
struct TestFrame: Sendable {
    var pixels: [UInt8]
}

/// A camera double: delivers frames at a fixed rate, can pretend to reconnect, counts the
/// frames the daemon allocates and whether it was closed.
final class TestFrameSource: PipelineSource, @unchecked Sendable {
    let name: String
    let width = 640
    let height = 480
    private let interval: Double
    private let state = Mutex(SourceSnapshot(state: .streaming))
    private let sequence = Atomic<UInt64>(0)
    let framesAllocated = Atomic<Int>(0)
    let closed = Atomic<Bool>(false)

    init(name: String = "test:camera", fps: Double) {
        self.name = name
        interval = 1 / fps
    }

    func makeFrame() -> TestFrame {
        framesAllocated.add(1, ordering: .relaxed)
        return TestFrame(pixels: Array(repeating: 0, count: 64))
    }

    func nextFrame(into sink: FrameSink<TestFrame>) throws -> PipelineFrameInfo? {
        Thread.sleep(forTimeInterval: interval)
        guard !closed.load(ordering: .relaxed), state.withLock({ $0.state }) == .streaming else { return nil }
        let number = sequence.add(1, ordering: .relaxed).newValue
        return sink.write { frame in
            for index in frame.pixels.indices { frame.pixels[index] = UInt8(truncatingIfNeeded: number) }
            return PipelineFrameInfo(
                cameraSequence: number, monotonicNanoseconds: MonotonicClock.now(),
                wallClockNanoseconds: MonotonicClock.wallClockNow(), width: width, height: height)
        }
    }

    func snapshot() -> SourceSnapshot { state.withLock { $0 } }

    func setState(_ newState: SourceSnapshot.State) { state.withLock { $0.state = newState } }

    func close() { closed.store(true, ordering: .relaxed) }
}

/// A detector double. For a frame it reports `perFrame` detections whose class cycles with the
/// camera sequence and whose box's x is the value `load` found in the frame's pixels. `stall()`
/// blocks the inference thread inside `detect` until `resume()`: the test hook for a stuck
/// inference.
final class TestDetector: ObjectDetector, @unchecked Sendable {
    let model: ModelDescription
    private let perFrame: Int
    private let gate = NSCondition()
    private var stalled = false
    /// Storage addresses of the frames `load` was handed and the detection buffers `detect` was,
    /// guarded by `gate`.
    private var frameAddresses: Set<Int> = []
    /// The loaded frame's pixel value; `load` and `detect` run on the inference thread only.
    private var loadedPixel: UInt8 = 0
    private var detectionAddresses: Set<Int> = []
    private var calls = 0

    static let classNames = ["person", "bicycle", "car", "cat"]

    init(name: String = "test-model", perFrame: Int = 2) {
        model = ModelDescription(name: name, inputSize: FrameSize(width: 640, height: 640), classNames: Self.classNames, maxDetections: max(perFrame, 1))
        self.perFrame = perFrame
    }

    func load(_ frame: TestFrame) {
        loadedPixel = frame.pixels[0]
        gate.lock()
        frameAddresses.insert(frame.pixels.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) })
        gate.unlock()
    }

    func detect(info: PipelineFrameInfo, into detections: inout [Detection]) throws {
        gate.lock()
        while stalled { gate.wait() }
        calls += 1
        detectionAddresses.insert(detections.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) })
        gate.unlock()
        for index in 0..<perFrame {
            detections.append(Detection(
                classID: Int((info.cameraSequence + UInt64(index)) % UInt64(Self.classNames.count)),
                score: Float(index + 1) / Float(perFrame + 1),
                box: BoundingBox(x1: Float(loadedPixel), y1: 10, x2: Float(loadedPixel) + 20, y2: Float(info.height - 10))))
        }
    }

    /// How many frames `detect` saw, and how many distinct frame and detection buffers they used.
    var bufferUse: (calls: Int, frames: Int, detectionBuffers: Int) {
        gate.lock()
        defer { gate.unlock() }
        return (calls, frameAddresses.count, detectionAddresses.count)
    }

    func stall() {
        gate.lock()
        stalled = true
        gate.unlock()
    }

    func resume() {
        gate.lock()
        stalled = false
        gate.broadcast()
        gate.unlock()
    }
}
