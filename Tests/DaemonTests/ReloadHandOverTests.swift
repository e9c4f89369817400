import Foundation
import Synchronization
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    /// Reloads on sources that, like V4L2 devices, cannot be opened twice.
    @Suite
    struct ReloadHandOverTests {
        /// Builds an exclusive-device source for the configured `source` and a detector named after
        /// `model`, recording the sources in creation order.
        private static func factory(sources: ExclusiveSourceLog, takesOver: Bool = false, fps: Double = 30) -> PipelineFactory {
            { config in
                let source = ExclusiveDeviceSource(device: config.source, fps: fps, takesOver: takesOver)
                sources.append(source)
                return PipelineComponents(source: source, detector: TestDetector(name: config.model))
            }
        }

        private static func config(model: String, device: String) -> String {
            "model = \"\(model)\"\nsource = \"\(device)\"\n"
        }

        /// Reads the client's stream into `collector`, reloads into `config` once `afterFrames`
        /// frames followed the first hello, and returns when the collector has seen enough.
        private static func reload(
            _ daemon: DaemonHarness, to config: String, afterFrames: Int, collecting collector: HelloSegments
        ) async throws {
            let reader = Task { try await daemon.readLines(timeout: 20) { collector.take($0) } }
            while collector.detections(afterHello: 1) < afterFrames { try await Task.sleep(for: .milliseconds(20)) }
            try config.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.reload()
            try await reader.value
        }

        @Test func modelOnlyReloadKeepsTheDeviceOpen() async throws {
            let device = "/dev/video-kept-\(UUID().uuidString)"
            let sources = ExclusiveSourceLog()
            let daemon = try await DaemonHarness(
                configFile: Self.config(model: "model-a", device: device), factory: Self.factory(sources: sources, takesOver: true))
            #expect(await daemon.waitUntilReady())

            let collector = HelloSegments(until: 10, detectionsAfterHello: 2)
            try await Self.reload(daemon, to: Self.config(model: "model-b", device: device), afterFrames: 5, collecting: collector)

            #expect(collector.hellos.map { $0["model"] as? String } == ["model-a", "model-b"])
            #expect(sources.all.map { $0.opens.load(ordering: .relaxed) } == [1, 0], "opened once, then taken over")
            #expect(sources.all.map { $0.busyRefusals.load(ordering: .relaxed) } == [0, 0])
            _ = try await daemon.terminate()
            #expect(!ExclusiveDevices.shared.isOpen(device), "shutdown released the device")
            await daemon.cleanUp()
        }

        /// A camera slower than the hand-over allows (here 1 frame a second against 0.5 s) is
        /// closed after all, and the new source opens the device once it is released.
        @Test func takeOverOfASlowCameraFallsBackToReopeningIt() async throws {
            let device = "/dev/video-slow-\(UUID().uuidString)"
            let sources = ExclusiveSourceLog()
            let daemon = try await DaemonHarness(
                configFile: Self.config(model: "model-a", device: device),
                factory: Self.factory(sources: sources, takesOver: true, fps: 1))
            #expect(await daemon.waitUntilReady())

            let collector = HelloSegments(until: 2, detectionsAfterHello: 2)
            try await Self.reload(daemon, to: Self.config(model: "model-b", device: device), afterFrames: 1, collecting: collector)

            #expect(collector.hellos.map { $0["model"] as? String } == ["model-a", "model-b"])
            #expect(sources.all.map { $0.opens.load(ordering: .relaxed) } == [1, 1], "closed and opened again")
            _ = try await daemon.terminate()
            // Shutdown gives the capture thread 0.5 s; this double's frame takes a second.
            for _ in 0..<100 where ExclusiveDevices.shared.isOpen(device) { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!ExclusiveDevices.shared.isOpen(device), "released once the frame in hand was done")
            await daemon.cleanUp()
        }

        /// A source that cannot take over (here: by construction; in the daemon: another spec
        /// for the same device) waits for the old one to release the device.
        @Test func reloadOnTheSameDeviceReleasesItBeforeTheNewSourceOpensIt() async throws {
            let device = "/dev/video-handover-\(UUID().uuidString)"
            let sources = ExclusiveSourceLog()
            let daemon = try await DaemonHarness(
                configFile: Self.config(model: "model-a", device: device), factory: Self.factory(sources: sources))
            #expect(await daemon.waitUntilReady())

            let collector = HelloSegments(until: 10, detectionsAfterHello: 2)
            try await Self.reload(daemon, to: Self.config(model: "model-b", device: device), afterFrames: 5, collecting: collector)

            #expect(collector.hellos.map { $0["model"] as? String } == ["model-a", "model-b"], "one connection throughout")
            #expect(sources.all.count == 2)
            #expect(sources.all.map { $0.busyRefusals.load(ordering: .relaxed) } == [0, 0], "the device was free when the new source opened it")
            #expect(daemon.notify.messages.contains { $0.hasPrefix("READY=1\nSTATUS=reloaded: model model-b") })

            _ = try await daemon.terminate()
            #expect(!ExclusiveDevices.shared.isOpen(device), "shutdown released the device")
            await daemon.cleanUp()
        }

        @Test func reloadOnADeviceThatStaysBusyRestartsThePreviousConfiguration() async throws {
            let device = "/dev/video-first-\(UUID().uuidString)"
            let busyDevice = "/dev/video-busy-\(UUID().uuidString)"
            let otherProcess = NSObject()
            #expect(ExclusiveDevices.shared.open(busyDevice, for: otherProcess))
            defer { ExclusiveDevices.shared.close(busyDevice, for: otherProcess) }
            let sources = ExclusiveSourceLog()
            let daemon = try await DaemonHarness(
                configFile: Self.config(model: "model-a", device: device), sourceOpenTimeout: .seconds(1),
                factory: Self.factory(sources: sources))
            #expect(await daemon.waitUntilReady())

            let collector = HelloSegments(until: 10, detectionsAfterHello: 3)
            try await Self.reload(daemon, to: Self.config(model: "model-b", device: busyDevice), afterFrames: 5, collecting: collector)

            // The client saw the new configuration announced, then the previous one again, and
            // frames from the previous device after that.
            #expect(collector.hellos.map { $0["source"] as? String } == [device, busyDevice, device])
            #expect(collector.detections(afterHello: 2) == 0)
            #expect(sources.all.map(\.name) == [device, busyDevice, device])
            #expect(sources.all[1].busyRefusals.load(ordering: .relaxed) > 0)
            let expectedStatus = "STATUS=reload failed: source \(busyDevice) did not open within 1.0 seconds "
                + "(reconnecting: cannot open \(busyDevice): Device or resource busy); restarted the previous configuration"
            #expect(daemon.notify.messages.contains { $0 == "READY=1\n" + expectedStatus })

            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }
    }
}

/// The exclusive-device sources a factory created, oldest first.
final class ExclusiveSourceLog: Sendable {
    private let sources = Mutex<[ExclusiveDeviceSource]>([])

    func append(_ source: ExclusiveDeviceSource) { sources.withLock { $0.append(source) } }
    var all: [ExclusiveDeviceSource] { sources.withLock { $0 } }
}

/// Splits a client's stream at its `hello` lines and counts the detections after each; reads
/// until `until` detections followed hello number `detectionsAfterHello` (1-based).
final class HelloSegments: @unchecked Sendable {
    // The lock guards the two arrays.
    private let lock = NSLock()
    private var helloObjects: [[String: Any]] = []
    private var detectionCounts: [Int] = []
    private let limit: Int
    private let target: Int

    init(until limit: Int, detectionsAfterHello target: Int) {
        self.limit = limit
        self.target = target
    }

    func take(_ line: String) -> Bool {
        guard let object = jsonObject(line) else { return true }
        return lock.withLock {
            switch object["type"] as? String {
            case "hello":
                helloObjects.append(object)
                detectionCounts.append(0)
            case "detections":
                detectionCounts[detectionCounts.count - 1] += 1
            default: break
            }
            return helloObjects.count < target || detectionCounts[target - 1] < limit
        }
    }

    var hellos: [[String: Any]] { lock.withLock { helloObjects } }

    func detections(afterHello number: Int) -> Int {
        lock.withLock { detectionCounts.count >= number ? detectionCounts[number - 1] : 0 }
    }
}
