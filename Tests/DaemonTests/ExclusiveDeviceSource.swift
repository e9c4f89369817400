import Foundation
import Synchronization
@testable import Daemon

/// Which test "devices" are open, and by whom. Like a V4L2 device that one handle streams
/// from, a device here has at most one holder; opening it while another holds it fails with
/// EBUSY. A test can also hold a device itself, as another process would.
final class ExclusiveDevices: Sendable {
    static let shared = ExclusiveDevices()
    private let holders = Mutex<[String: ObjectIdentifier]>([:])

    /// Opens `device` for `holder`; false (EBUSY) if someone else holds it.
    func open(_ device: String, for holder: AnyObject) -> Bool {
        holders.withLock { holders in
            if let current = holders[device] { return current == ObjectIdentifier(holder) }
            holders[device] = ObjectIdentifier(holder)
            return true
        }
    }

    /// Passes `device` from `holder` to `successor`, as a file descriptor would be.
    func transfer(_ device: String, from holder: AnyObject, to successor: AnyObject) {
        holders.withLock { holders in
            if holders[device] == ObjectIdentifier(holder) { holders[device] = ObjectIdentifier(successor) }
        }
    }

    func close(_ device: String, for holder: AnyObject) {
        holders.withLock { holders in
            if holders[device] == ObjectIdentifier(holder) { holders[device] = nil }
        }
    }

    func isOpen(_ device: String) -> Bool { holders.withLock { $0[device] != nil } }
}

/// A camera double with V4L2's hand-over constraints: it opens its device lazily in
/// `nextFrame`, fails to open it while another source holds it (reported as `reconnecting`
/// with the fault, retried, counted in `busyRefusals`), and releases it only when `nextFrame`
/// sees the stop. Converting a frame takes the whole frame time and is not interrupted by a
/// stop, as preprocessing is not, so a stop nearly always arrives in the middle of a frame.
/// With `takesOver`, a source for the same device takes over an open one, as the daemon's
/// camera source does.
final class ExclusiveDeviceSource: PipelineSource, @unchecked Sendable {
    let name: String
    let busyRefusals = Atomic<Int>(0)
    /// Times this source opened the device itself.
    let opens = Atomic<Int>(0)
    private let takesOver: Bool
    private let frameTime: Double
    private let state = Mutex(SourceSnapshot(state: .opening))
    private let stopRequested = Atomic<Bool>(false)
    // The capture thread's, or `takeOver`'s while no capture thread runs.
    private var isOpen = false
    private var sequence: UInt64 = 0

    init(device: String, fps: Double = 30, takesOver: Bool = false) {
        name = device
        frameTime = 1 / fps
        self.takesOver = takesOver
    }

    func makeFrame() -> TestFrame { TestFrame(pixels: Array(repeating: 0, count: 64)) }

    func nextFrame(into sink: FrameSink<TestFrame>) throws -> PipelineFrameInfo? {
        if stopRequested.load(ordering: .acquiring) {
            release()
            return nil
        }
        if !isOpen {
            guard ExclusiveDevices.shared.open(name, for: self) else {
                busyRefusals.add(1, ordering: .relaxed)
                state.withLock {
                    $0.state = .reconnecting
                    $0.lastFault = "cannot open \(name): Device or resource busy"
                }
                Thread.sleep(forTimeInterval: 0.05)
                return nil
            }
            isOpen = true
            opens.add(1, ordering: .relaxed)
            state.withLock { $0.state = .streaming }
        }
        Thread.sleep(forTimeInterval: frameTime)
        sequence += 1
        let number = sequence
        return sink.write { frame in
            for index in frame.pixels.indices { frame.pixels[index] = UInt8(truncatingIfNeeded: number) }
            return PipelineFrameInfo(
                cameraSequence: number, monotonicNanoseconds: MonotonicClock.now(),
                wallClockNanoseconds: MonotonicClock.wallClockNow(), width: 640, height: 480)
        }
    }

    func snapshot() -> SourceSnapshot { state.withLock { $0 } }

    func close() { stopRequested.store(true, ordering: .releasing) }

    func canTakeOver(from previous: ExclusiveDeviceSource) -> Bool { takesOver && previous.name == name }

    func takeOver(from previous: ExclusiveDeviceSource) {
        guard previous.isOpen else { return }
        ExclusiveDevices.shared.transfer(name, from: previous, to: self)
        previous.isOpen = false
        isOpen = true
        sequence = previous.sequence
        state.withLock { $0.state = .streaming }
    }

    private func release() {
        if isOpen { ExclusiveDevices.shared.close(name, for: self) }
        isOpen = false
        state.withLock { $0.state = .ended }
    }
}
