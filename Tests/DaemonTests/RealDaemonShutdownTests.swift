import Foundation
import TestSupport
import Testing

/// SIGTERM to the real `yolo-edge run` while the real model is in the middle of an inference.
@Suite(.serialized) struct RealDaemonShutdownTests {
    @Test func sigtermDuringInferenceExitsWithinTwoSecondsAndRemovesTheSocket() async throws {
        try ReferenceData.require(binary: true)
        // Looped images arrive faster than a debug build infers at 640, so from the first frame
        // on the inference thread is always inside `detect`.
        let daemon = try DaemonProcess(arguments: [
            "--model", ReferenceData.fullIntegerModel.path, "--size", "640", "--threads", "2",
            "--source", "images:\(ReferenceData.validationImages.path):loop",
        ])
        try await daemon.waitForFirstFrame()

        let shutdown = try #require(daemon.terminate(), "still running 10 s after SIGTERM: \(daemon.log)")
        #expect(shutdown < .seconds(2), "\(daemon.log)")
        #expect(daemon.terminationStatus == 0, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "the socket file is removed")
        print("shutdown took \(shutdown); log:\n\(daemon.log)")
    }
}
