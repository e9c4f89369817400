import Foundation
import TestSupport
import Testing

/// `size = "auto"` as users get it by default: a model converted from ONNX runs at the
/// rectangle a 16:9 camera's frames fit, not at its square export size.
@Suite(.serialized) struct RectangularInputDaemonTests {
    @Test func autoFitsA169SourceIntoARectangle() throws {
        try ReferenceData.require(python: true, binary: true)
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // A 160x160 model (from the dynamic-shape export) keeps the debug build's conversion and inference to seconds.
        let model = folder.file("yolov8n-160.yem").path
        _ = try Subprocess.check(builtBinary(), [
            "convert", ReferenceData.modelDirectory.appendingPathComponent("yolov8n-fp32-dynamic.onnx").path,
            "--calib", ReferenceData.root.appendingPathComponent("data/coco128/calib").path,
            "--calib-count", "2", "--no-bias-correction", "--size", "160", "-o", model,
        ])
        // Two grey 1280x720 NV12 frames, looped.
        let frames = folder.file("frames.nv12")
        try Data(repeating: 128, count: 2 * 1280 * 720 * 3 / 2).write(to: frames)
        let daemon = try DaemonProcess(arguments: [
            "--threads", "1", "--model", model, "--source", "raw:\(frames.path):1280x720:nv12:loop:fps=10",
        ])
        let read = try Subprocess.check("/usr/bin/env", ["python3", "-c", RealModelDaemonTests.client, daemon.socketPath, "2"])
        let lines = try read.text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let hello = try #require(lines.first)
        // 1280x720 at a long side of 160 is 160x90; 90 rows rounded up to the stride, 96.
        #expect(hello["input_width"] as? Int == 160 && hello["input_height"] as? Int == 96, "\(hello)")
        #expect(hello["input_size"] as? Int == 160)
        let frame = try #require(lines.last)
        #expect(frame["width"] as? Int == 1280 && frame["height"] as? Int == 720)
        #expect(daemon.terminate() != nil)
        #expect(daemon.log.contains("model yolov8n-160 at 160x96 loaded"), "\(daemon.log)")
    }
}
