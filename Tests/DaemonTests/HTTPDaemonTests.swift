import Foundation
import Testing
import TestSupport
@testable import Daemon

/// The daemon's HTTP endpoint on a Unix socket, on the test doubles: `/healthz` follows the
/// watchdog's rule through a stalled inference, and the other routes answer from a running
/// daemon. (The endpoint's own defences are in `HTTPEndpointTests`; promtool and the real model
/// in system-tests/mqtt.)
@Suite(.serialized)
struct HTTPDaemonTests {
    /// `curl` over the Unix socket: the status code and the body.
    private func get(_ path: String, socket: String) throws -> (status: Int, body: String) {
        let result = try Subprocess.check(
            "/usr/bin/curl", ["-s", "--max-time", "5", "-w", "\n%{http_code}", "--unix-socket", socket, "http://localhost\(path)"])
        let text = result.text
        let split = try #require(text.lastIndex(of: "\n"))
        return (Int(text[text.index(after: split)...]) ?? 0, String(text[..<split]))
    }

    @Test func healthFollowsTheWatchdogsRuleAndTheRoutesAnswer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.file("http.sock").path
        let source = TestFrameSource(fps: 30)
        let detector = TestDetector()
        let daemon = try await DaemonHarness(
            configFile: "[health]\nstatus_interval = 0.3\n[http]\nlisten = \"unix:\(socket)\"\n", source: source, detector: detector)
        #expect(await daemon.waitUntilReady())
        try await Task.sleep(for: .milliseconds(800))

        #expect(try get("/healthz", socket: socket).status == 200)
        let status = try get("/api/status", socket: socket)
        #expect(status.status == 200)
        #expect(JSONValue(parsing: status.body)?["type"]?.string == "status")
        let metrics = try get("/metrics", socket: socket)
        #expect(metrics.status == 200)
        let processed = metrics.body.split(separator: "\n").first { $0.hasPrefix("yolo_edge_frames_processed_total ") }
        #expect((processed?.split(separator: " ").last.flatMap { Double($0) } ?? 0) > 0)
        #expect(metrics.body.contains("yolo_edge_inference_seconds_bucket"))
        #expect(try get("/nothing", socket: socket).status == 404)

        // WATCHDOG_USEC=500000 (the harness): frame flow is judged every 250 ms.
        detector.stall()
        try await Task.sleep(for: .milliseconds(900))
        let stalled = try get("/healthz", socket: socket)
        #expect(stalled.status == 503, "unhealthy while inference is stuck: \(stalled.body)")
        detector.resume()
        try await Task.sleep(for: .milliseconds(900))
        #expect(try get("/healthz", socket: socket).status == 200, "healthy again once frames flow")

        _ = try await daemon.terminate()
        #expect(!FileManager.default.fileExists(atPath: socket), "the endpoint's socket file is removed at stop")
        await daemon.cleanUp()
    }
}
