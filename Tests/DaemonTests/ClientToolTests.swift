import Foundation
import TestSupport
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    /// The clients people use: `yolo-edge watch`, `yolo-edge status` and the Python client, each
    /// run as a subprocess against a daemon on test doubles.
    @Suite
    struct ClientToolTests {
        private func startDaemon() async throws -> DaemonHarness {
            let source = TestFrameSource(fps: 30)
            let detector = TestDetector(perFrame: 4)
            let daemon = try await DaemonHarness(configFile: "[health]\nstatus_interval = 0.2\n", source: source, detector: detector)
            #expect(await daemon.waitUntilReady())
            return daemon
        }

        @Test func pythonClientSubscribesAndPrintsFrames() async throws {
            let daemon = try await startDaemon()
            let script = ReferenceData.repositoryRoot.appendingPathComponent("clients/python/yolo_edge_client.py").path
            let lines = try await firstLines(40, of: "/usr/bin/env", [
                "python3", script, "--socket", daemon.socketPath, "--classes", "person", "--min-score", "0.5", "--count", "30",
            ])
            #expect(lines.first == "connected: model test-model (640 px), source test:camera, protocol 1")
            let frames = lines.filter { $0.hasPrefix("#") }
            #expect(frames.count == 30)
            // Subscribed to person ≥ 0.5: any other label means the filter failed.
            let labels = Set(frames.suffix(20).flatMap { $0.split(separator: ":").last!.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" })
            #expect(labels.isSubset(of: ["person", "-"]))
            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }

        @Test func watchAndStatusCommands() async throws {
            let binary = try builtBinary()
            let daemon = try await startDaemon()
            try await Task.sleep(for: .milliseconds(500))  // let a status line exist

            let watched = try await firstLines(6, of: binary, ["watch", "--socket", daemon.socketPath])
            #expect(watched.first == "connected: model test-model at 640 px, 4 classes, source test:camera, protocol 1")
            let frame = try #require(watched.first { $0.hasPrefix("#") })
            #expect(frame.range(of: #"^#\d+ cam \d+ 640x480 infer \d+\.\d ms, total \d+\.\d ms: (person|bicycle|car|cat) 0\.\d\d"#,
                                options: .regularExpression) != nil, "\(frame)")

            let status = try await firstLines(1, of: binary, ["status", "--socket", daemon.socketPath])
            #expect(status.first?.hasPrefix("status: camera streaming (0 reconnects), ") == true, "\(status)")
            let json = try await firstLines(1, of: binary, ["status", "--json", "--socket", daemon.socketPath])
            #expect(json.first.flatMap(jsonObject)?["type"] as? String == "status")

            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }
    }
}
