import Foundation
import TestSupport
import Testing

/// `yolo-edge run` as users start it, on the real model with an `images:`
/// source, read by a real client over the real Unix socket.
@Suite(.serialized) struct RealModelDaemonTests {
    /// A minimal client: prints the hello line and the first `count`
    /// detections lines it receives, raw.
    static let client = """
        import socket, sys, time
        path, count = sys.argv[1], int(sys.argv[2])
        deadline = time.time() + 60
        give_up = time.time() + 600
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path); break
            except OSError:
                if time.time() > deadline: raise
                time.sleep(0.2)
        s.settimeout(240)
        reader = s.makefile("r")
        seen = 0
        for line in reader:
            if '"type":"hello"' in line or '"type":"detections"' in line:
                sys.stdout.write(line); sys.stdout.flush()
                seen += '"type":"detections"' in line
            if seen >= count:
                break
            if time.time() > give_up:
                sys.exit("only %d detections lines in 10 minutes" % seen)
        """

    @Test func clientReadsHelloThenDetectionsFromTheRealModel() throws {
        try ReferenceData.require(binary: true)
        let daemon = try DaemonProcess(arguments: [
            "--threads", "2", "--model", ReferenceData.fullIntegerModel.path,
            // Looped: inference in a debug build is slower than the images come.
            "--source", "images:" + ReferenceData.validationImages.path + ":loop",
        ])
        let socket = daemon.socketPath

        let read = try Subprocess.check("/usr/bin/env", ["python3", "-c", Self.client, socket, "20"])
        let messages = try read.text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let hello = try #require(messages.first)
        #expect(hello["type"] as? String == "hello")
        #expect((hello["classes"] as? [String])?.first == "person")
        let frames = messages.dropFirst()
        #expect(frames.count == 20)
        var boxes = 0
        for frame in frames {
            #expect(frame["type"] as? String == "detections")
            let width = try #require(frame["width"] as? Int)
            let height = try #require(frame["height"] as? Int)
            #expect(width > 0 && height > 0)
            for detection in try #require(frame["detections"] as? [[String: Any]]) {
                let box = try #require(detection["box"] as? [Double])
                #expect(box.count == 4 && box[0] <= box[2] && box[1] <= box[3])
                #expect(box[0] >= 0 && box[2] <= Double(width) && box[1] >= 0 && box[3] <= Double(height))
                #expect((detection["score"] as? Double ?? 0) >= 0.25)
                boxes += 1
            }
        }
        // The validation images are full of objects: a real model finds them.
        #expect(boxes > 20)

        #expect(daemon.terminate() != nil)
        #expect(daemon.terminationStatus == 0, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: socket), "the socket file is removed on shutdown")
    }
}
