import Foundation
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    @Suite
    struct ReloadAndSubscriptionTests {
        /// Builds a fresh source and detector from the config, as the real integration will: the
        /// model name comes from `model`, the source name from `source`.
        private static func factory(sources: SourceLog) -> PipelineFactory {
            { config in
                let source = TestFrameSource(name: config.source, fps: 30)
                sources.append(source)
                return PipelineComponents(source: source, detector: TestDetector(name: config.model))
            }
        }

        @Test func sighupSwapsModelAndSourceWithoutDroppingClients() async throws {
            let sources = SourceLog()
            let daemon = try await DaemonHarness(configFile: "model = \"model-a\"\nsource = \"cam-a\"\n", factory: Self.factory(sources: sources))
            #expect(await daemon.waitUntilReady())

            let collector = ReloadCollector()
            let reader = Task { try await daemon.readLines(timeout: 20) { collector.take($0) } }
            while collector.detectionsBeforeReload < 5 { try await Task.sleep(for: .milliseconds(20)) }

            try "model = \"model-b\"\nsource = \"cam-b\"\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.reload()
            try await reader.value

            let hellos = collector.hellos
            #expect(hellos.map { $0["model"] as? String } == ["model-a", "model-b"], "same connection, new hello")
            #expect(hellos.map { $0["source"] as? String } == ["cam-a", "cam-b"])
            let messages = daemon.notify.messages
            let reloading = try #require(messages.firstIndex { $0.contains("RELOADING=1") })
            #expect(messages[reloading].range(of: #"MONOTONIC_USEC=\d+"#, options: .regularExpression) != nil)
            #expect(messages[(reloading + 1)...].contains { $0.contains("READY=1") })
            let released = sources.all[0].closed.load(ordering: .relaxed)
            #expect(released, "the old camera was released")

            // A broken config on reload keeps the running pipeline and says why.
            try "size = 33\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.reload()
            #expect(await daemon.notify.waitFor("STATUS=reload failed, running the previous configuration: "
                + "\(daemon.configPath):1: key 'size': must be a multiple of 32, got 33"))
            #expect(sources.all.count == 2)

            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }

        @Test func subscriptionFiltersClassesAndScores() async throws {
            let detector = TestDetector(perFrame: 4)  // scores 0.2, 0.4, 0.6, 0.8, classes cycling
            let source = TestFrameSource(fps: 40)
            let daemon = try await DaemonHarness(source: source, detector: detector)
            #expect(await daemon.waitUntilReady())

            let collector = LineCollector(untilCount: 15, of: "detections")
            try await daemon.readLines(request: #"{"type":"subscribe","classes":["cat",2],"min_score":0.5}"#) { collector.take($0) }
            let reply = try #require(collector.objects(ofType: "subscribed").first)
            #expect(reply["classes"] as? [Int] == [2, 3])
            // Frames published before the subscription arrived are unfiltered; look at the last ten.
            let filtered = collector.objects(ofType: "detections").suffix(10).flatMap { $0["detections"] as? [[String: Any]] ?? [] }
            #expect(!filtered.isEmpty)
            for detection in filtered {
                #expect([2, 3].contains(detection["class_id"] as? Int ?? -1))
                #expect((detection["score"] as? Double ?? 0) >= 0.5)
            }

            let rejected = LineCollector(untilCount: 1, of: "error")
            try await daemon.readLines(request: #"{"type":"subscribe","classes":["unicorn"]}"#) { rejected.take($0) }
            let error = try #require(rejected.objects(ofType: "error").first)
            #expect(error["message"] as? String == "bad subscription: unknown class \"unicorn\"")

            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }
    }
}

/// The sources a factory created, oldest first.
final class SourceLog: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [TestFrameSource] = []

    func append(_ source: TestFrameSource) { lock.withLock { sources.append(source) } }
    var all: [TestFrameSource] { lock.withLock { sources } }
}

/// Reads until a second `hello` and ten detections after it.
final class ReloadCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var helloObjects: [[String: Any]] = []
    private var before = 0
    private var after = 0

    func take(_ line: String) -> Bool {
        guard let object = jsonObject(line) else { return true }
        return lock.withLock {
            switch object["type"] as? String {
            case "hello": helloObjects.append(object)
            case "detections": if helloObjects.count < 2 { before += 1 } else { after += 1 }
            default: break
            }
            return after < 10
        }
    }

    var detectionsBeforeReload: Int { lock.withLock { before } }
    var hellos: [[String: Any]] { lock.withLock { helloObjects } }
}
