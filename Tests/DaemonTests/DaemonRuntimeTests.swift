import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Daemon

/// The daemon end to end in this process: real Unix sockets, a real notify socket, real
/// signals; test doubles for the camera and the engine.
@Suite(.serialized)
struct DaemonRuntimeTests {
    @Test func publishesHelloThenDetectionsWithValidFields() async throws {
        let source = TestFrameSource(fps: 40)
        let detector = TestDetector(perFrame: 3)
        let daemon = try await DaemonHarness(source: source, detector: detector)
        #expect(await daemon.waitUntilReady())

        let collector = LineCollector(untilCount: 25, of: "detections")
        try await daemon.readLines { collector.take($0) }

        let hello = try #require(jsonObject(collector.all[0]))
        #expect(hello["type"] as? String == "hello")
        #expect(hello["protocol"] as? Int == ProtocolMessages.version)
        #expect(hello["model"] as? String == "test-model")
        #expect(hello["input_size"] as? Int == 640)
        #expect(hello["input_width"] as? Int == 640 && hello["input_height"] as? Int == 640)
        #expect(hello["classes"] as? [String] == TestDetector.classNames)
        #expect(hello["source"] as? String == "test:camera")

        let frames = collector.objects(ofType: "detections")
        #expect(frames.count == 25)
        var previousSeq = 0
        for frame in frames {
            let seq = try #require(frame["seq"] as? Int)
            let cameraSeq = try #require(frame["camera_seq"] as? Int)
            #expect(seq > previousSeq)
            previousSeq = seq
            #expect(frame["width"] as? Int == 640 && frame["height"] as? Int == 480)
            let wall = try #require(frame["capture_wall_us"] as? Int)
            #expect(abs(Double(wall) / 1e6 - Date().timeIntervalSince1970) < 60)
            #expect((frame["capture_mono_us"] as? Int ?? 0) > 0)
            let latency = try #require(frame["latency_ms"] as? [String: Double])
            let total = try #require(latency["capture_to_publish"]), inference = try #require(latency["inference"])
            #expect(inference >= 0 && total >= inference && total < 1000)
            let detections = try #require(frame["detections"] as? [[String: Any]])
            #expect(detections.count == 3)
            for detection in detections {
                let classID = try #require(detection["class_id"] as? Int)
                #expect(detection["label"] as? String == TestDetector.classNames[classID])
                let score = try #require(detection["score"] as? Double)
                #expect(score > 0 && score <= 1)
                let box = try #require(detection["box"] as? [Double])
                // The detector put the frame's pixel value (the camera sequence) into x1.
                let x1 = Double(cameraSeq % 256)
                #expect(box == [x1, 10, x1 + 20, 470])
            }
        }

        let shutdown = try await daemon.terminate()
        #expect(shutdown < .seconds(2))
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "socket file removed")
        let released = source.closed.load(ordering: .relaxed)
        #expect(released, "camera released")
        let framesAllocated = source.framesAllocated.load(ordering: .relaxed)
        #expect(framesAllocated == 1, "the slot's one frame is allocated once, never per frame")
        await daemon.cleanUp()
    }

    @Test func watchdogPingsOnlyWhileFramesFlow() async throws {
        let source = TestFrameSource(fps: 30)
        let detector = TestDetector()
        let daemon = try await DaemonHarness(configFile: "[health]\nstatus_interval = 0.3\n", source: source, detector: detector)
        #expect(await daemon.waitUntilReady())
        let ready = try #require(daemon.notify.messages.first { $0.contains("READY=1") })
        #expect(ready.contains("STATUS=model test-model at 640x640 loaded, listening on \(daemon.socketPath), source test:camera open"))

        // WATCHDOG_USEC=500000: a ping every 250 ms while frames flow.
        try await Task.sleep(for: .milliseconds(1200))
        #expect(daemon.notify.count(of: "WATCHDOG=1") >= 3)

        let stalled = ContinuousClock.now
        detector.stall()
        try await Task.sleep(for: .milliseconds(400))  // a ping already on its way may land
        let beforeSilence = daemon.notify.count(of: "WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(1200))
        #expect(daemon.notify.count(of: "WATCHDOG=1") == beforeSilence, "no ping while inference is stuck")
        // The reaction, for docs/measurements.md: systemd would act WATCHDOG_USEC after the last ping.
        if let lastPing = daemon.notify.arrivals(of: "WATCHDOG=1").last {
            print("watchdog: last WATCHDOG=1 \(lastPing - stalled) after the stall; systemd's timeout \(lastPing - stalled + .milliseconds(500)) after it")
        }

        detector.resume()
        try await Task.sleep(for: .milliseconds(800))
        #expect(daemon.notify.count(of: "WATCHDOG=1") > beforeSilence, "pings resume with frames")

        // A camera in reconnect backoff delivers nothing, yet the daemon is alive.
        source.setState(.reconnecting)
        try await Task.sleep(for: .milliseconds(400))
        let beforeBackoff = daemon.notify.count(of: "WATCHDOG=1")
        try await Task.sleep(for: .milliseconds(1000))
        #expect(daemon.notify.count(of: "WATCHDOG=1") >= beforeBackoff + 3)
        #expect(daemon.notify.messages.contains { $0.hasPrefix("STATUS=camera reconnecting") })
        source.setState(.streaming)

        _ = try await daemon.terminate()
        let stopping = daemon.notify.messages.firstIndex { $0.contains("STOPPING=1") }
        #expect(stopping != nil)
        await daemon.cleanUp()
    }

    @Test func stopsWithinTwoSecondsWithStuckInferenceAndConnectedClients() async throws {
        let source = TestFrameSource(fps: 30)
        let detector = TestDetector()
        let daemon = try await DaemonHarness(source: source, detector: detector)
        #expect(await daemon.waitUntilReady())
        let stuckClient = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: daemon.socketPath) { channel in
                channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
            }
        let reader = Task { try await daemon.readLines(timeout: 10) { _ in true } }
        try await Task.sleep(for: .milliseconds(300))
        detector.stall()
        try await Task.sleep(for: .milliseconds(100))

        // The socket and the camera go first, within the first half of the shutdown budget;
        // only then does the stuck inference get what is left of it.
        let socketPath = daemon.socketPath
        let releasedBeforeInferenceWait = Task {
            let deadline = ContinuousClock.now + .seconds(PipelineController.shutdownBudget / 2)
            while FileManager.default.fileExists(atPath: socketPath) || !source.closed.load(ordering: .relaxed) {
                if ContinuousClock.now > deadline { return false }
                try await Task.sleep(for: .milliseconds(5))
            }
            return true
        }
        let shutdown = try await daemon.terminate()
        #expect(shutdown < .seconds(2))
        #expect(try await releasedBeforeInferenceWait.value, "socket removed and camera released before the inference deadline")
        // The reading client saw the daemon close the connection rather than time out.
        try await reader.value

        detector.resume()
        try? await stuckClient.channel.close()
        await daemon.cleanUp()
    }

    @Test func readyWhileTheCameraIsStillMissingSaysRetrying() async throws {
        let source = TestFrameSource(fps: 30)
        source.setState(.reconnecting)
        let daemon = try await DaemonHarness(source: source, detector: TestDetector())
        #expect(await daemon.waitUntilReady())
        let ready = try #require(daemon.notify.messages.first { $0.contains("READY=1") })
        #expect(ready.hasSuffix("source test:camera retrying (reconnecting)"))
        _ = try await daemon.terminate()
        await daemon.cleanUp()
    }

    @Test func readyWaitsForACameraThatIsStillOpening() async throws {
        let source = TestFrameSource(fps: 30)
        source.setState(.opening)
        Task {
            try await Task.sleep(for: .milliseconds(300))
            source.setState(.streaming)
        }
        let daemon = try await DaemonHarness(source: source, detector: TestDetector())
        #expect(await daemon.waitUntilReady())
        let ready = try #require(daemon.notify.messages.first { $0.contains("READY=1") })
        #expect(ready.hasSuffix("source test:camera open"))
        _ = try await daemon.terminate()
        await daemon.cleanUp()
    }

    /// The capture→infer path reuses preallocated storage: one frame, written and read in the
    /// slot, and three result buffers circulate between the threads, however many frames pass.
    @Test func framesAndResultBuffersCirculateWithoutReallocation() async throws {
        let source = TestFrameSource(fps: 200)
        let detector = TestDetector(perFrame: 8)
        let daemon = try await DaemonHarness(source: source, detector: detector)
        #expect(await daemon.waitUntilReady())
        let collector = LineCollector(untilCount: 100, of: "detections")
        try await daemon.readLines { collector.take($0) }
        _ = try await daemon.terminate()

        let use = detector.bufferUse
        #expect(use.calls >= 100)
        #expect(use.frames == 1, "capture writes the slot's frame in place, never a copy")
        #expect(use.detectionBuffers <= 3, "detection arrays are refilled in place, never reallocated")
        await daemon.cleanUp()
    }
}
