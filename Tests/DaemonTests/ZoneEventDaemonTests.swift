import Capture
import Foundation
import Snapshot
import TestSupport
import Testing

/// Zones, events and snapshots end to end: `yolo-edge run` on the real model, read by real
/// clients over the real Unix socket.
@Suite(.serialized) struct ZoneEventDaemonTests {
    /// A COCO validation image with one person (a skier, right of centre) and skis.
    private static var personImage: URL { ReferenceData.validationImages.appendingPathComponent("000000000785.jpg") }

    /// Ten frames of the person, then ten grey frames: the person's track enters the zone,
    /// then is lost inside it and leaves after the leave delay.
    @Test func clientReceivesEnterThenLeaveOfAZone() async throws {
        try ReferenceData.require(binary: true)
        let frames = try TemporaryDirectory()
        defer { frames.remove() }
        let person = try Data(contentsOf: Self.personImage)
        let grey = try Self.greyJPEG(width: 640, height: 425)
        for index in 0..<20 {
            try (index < 10 ? person : grey).write(to: frames.file(String(format: "%02d.jpg", index)))
        }
        let daemon = try DaemonProcess(config: """
            [tracking]
            confirm_frames = 2

            [[zones]]
            name = "right"
            polygon = [[0.4, 0.0], [1.0, 0.0], [1.0, 1.0], [0.4, 1.0]]
            classes = ["person"]
            anchor = "center"
            enter_frames = 2
            leave_frames = 2
            """, arguments: [
                "--threads", "2", "--model", ReferenceData.fullIntegerModel.path,
                // Slow enough that a debug build processes every frame.
                "--source", "images:\(frames.url.path):fps=2",
            ])
        try await daemon.waitForSocket()
        let events = LineCollector(untilCount: 2, of: "event")
        try await readProtocolLines(
            socket: daemon.socketPath, request: #"{"type":"subscribe","frames":false}"#, timeout: 300
        ) { events.take($0) }

        let received = events.objects(ofType: "event")
        #expect(received.map { $0["event"] as? String } == ["enter", "leave"], "\(events.all)")
        #expect(received.allSatisfy { $0["zone"] as? String == "right" && $0["label"] as? String == "person" })
        #expect(Set(received.compactMap { $0["track_id"] as? Int }).count == 1, "one track enters and leaves")
        let enterSeq = try #require(received.first?["seq"] as? Int)
        let leaveSeq = try #require(received.last?["seq"] as? Int)
        // The person is on frames 1 to 10: confirmed on 2 and inside since 1, it enters on 2;
        // unseen from 11, it leaves 2 frames later.
        #expect(enterSeq <= 3 && leaveSeq >= 11 && leaveSeq <= 13, "enter at \(enterSeq), leave at \(leaveSeq)")
        #expect(!events.all.contains { $0.hasPrefix(#"{"type":"detections""#) }, "an events-only client gets no frames")

        // A new client first gets the status kept from before the leave; the next is fresh.
        let status = LineCollector(untilCount: 2, of: "status")
        try await readProtocolLines(socket: daemon.socketPath, timeout: 30) { status.take($0) }
        let zones = try #require(status.objects(ofType: "status").last?["zones"] as? [String: [String: Int]])
        #expect(zones == ["right": [:]], "nobody is left inside")
        #expect(daemon.terminate() != nil)
    }

    /// A snapshot is a JPEG of the source frame at its size, with the boxes drawn where the
    /// detections say.
    @Test func snapshotIsTheAnnotatedSourceFrame() async throws {
        try ReferenceData.require(binary: true)
        let daemon = try DaemonProcess(arguments: [
            "--threads", "2", "--model", ReferenceData.fullIntegerModel.path, "--source", Self.personImage.path + ":loop",
        ])
        try await daemon.waitForFirstFrame()
        let answer = LineCollector(untilCount: 1, of: "snapshot")
        try await readProtocolLines(socket: daemon.socketPath, request: #"{"type":"snapshot"}"#, timeout: 60) {
            answer.take($0) && !$0.hasPrefix(#"{"type":"error""#)
        }
        let snapshot = try #require(answer.objects(ofType: "snapshot").first, "\(answer.all)")
        let encoded = try #require(snapshot["jpeg"] as? String)
        let jpeg = try #require(Data(base64Encoded: encoded))
        let decoder = try JPEGDecoder()
        var picture = RGBImage()
        try decoder.decode([UInt8](jpeg), into: &picture)
        var original = RGBImage()
        try decoder.decodeFile(atPath: Self.personImage.path, into: &original)
        #expect(picture.width == 640 && picture.height == 425)
        #expect(snapshot["width"] as? Int == 640 && snapshot["height"] as? Int == 425)

        let detections = try #require(snapshot["detections"] as? [[String: Any]])
        let person = try #require(detections.first { $0["label"] as? String == "person" }, "\(detections)")
        #expect(person["track_id"] is Int)
        let box = try #require(person["box"] as? [Double])
        let colour = ClassPalette.color(ofClass: 0)
        // The left edge of the box, at mid-height: drawn in the class's colour, which the
        // photo itself does not have there.
        let y = Int((box[1] + box[3]) / 2)
        let edge = (Int(box[0])...Int(box[0]) + 2)
        #expect(edge.contains { Self.isClose(picture, x: $0, y: y, to: colour) }, "box stroke at x \(box[0]), y \(y)")
        #expect(!edge.contains { Self.isClose(original, x: $0, y: y, to: colour) })
        #expect(daemon.terminate() != nil)
    }

    /// The clients people use, on events and snapshots: `watch --events`, `status`, `snapshot`
    /// and the Python client.
    @Test func clientToolsShowEventsZonesAndSnapshots() async throws {
        try ReferenceData.require(binary: true)
        let binary = try builtBinary()
        let daemon = try DaemonProcess(config: """
            [health]
            status_interval = 0.5

            [[zones]]
            name = "right"
            polygon = [[0.4, 0.0], [1.0, 0.0], [1.0, 1.0], [0.4, 1.0]]
            classes = ["person"]
            anchor = "center"
            enter_frames = 10
            """, arguments: [
                "--threads", "2", "--model", ReferenceData.fullIntegerModel.path,
                // The person enters after 10 frames, 2 s: time for the watcher to connect.
                "--source", Self.personImage.path + ":loop:fps=5",
            ])
        try await daemon.waitForSocket()
        let watched = try await linesUntil(of: binary, ["watch", "--events", "--socket", daemon.socketPath]) { lines in
            lines.count >= 40 || lines.contains { $0.contains(" enter ") }
        }
        #expect(watched.first?.hasPrefix("connected: model yolov8n_full_integer_quant") == true, "\(watched)")
        let enter = try #require(watched.last { $0.contains(" enter ") }, "\(watched)")
        #expect(enter.range(of: #"^#\d+ enter zone right: person #\d+ 0\.93$"#, options: .regularExpression) != nil, "\(enter)")
        #expect(!watched.contains { $0.contains(" cam ") }, "--events shows no frames: \(watched)")

        // `status` prints the latest status line, which may be from before the enter.
        var status: [String] = []
        for _ in 0..<20 {
            status = try await firstLines(1, of: binary, ["status", "--socket", daemon.socketPath])
            if status.first?.hasSuffix("; zones: right person 1") == true { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(status.first?.hasSuffix("; zones: right person 1") == true, "\(status)")

        let saved = daemon.directory.file("latest.jpg").path
        let snapshot = try Subprocess.check(binary, ["snapshot", "--socket", daemon.socketPath, "-o", saved])
        #expect(snapshot.text.contains("640x425"), "\(snapshot.text)")
        var picture = RGBImage()
        try JPEGDecoder().decodeFile(atPath: saved, into: &picture)
        #expect(picture.width == 640 && picture.height == 425)

        let script = ReferenceData.repositoryRoot.appendingPathComponent("clients/python/yolo_edge_client.py").path
        let fromPython = daemon.directory.file("python.jpg").path
        _ = try Subprocess.check("/usr/bin/env", ["python3", script, "--socket", daemon.socketPath, "--snapshot", fromPython])
        try JPEGDecoder().decodeFile(atPath: fromPython, into: &picture)
        #expect(picture.width == 640 && picture.height == 425)
        #expect(daemon.terminate() != nil)
    }

    /// Zone mistakes stop the daemon before it starts, as a configuration error naming the key
    /// and its line; a class is checked against the model the daemon loads.
    @Test(arguments: [
        ("[[zones]]\nname = \"door\"\npolygon = [[0, 0], [1, 1], [1, 0], [0, 1]]\n", "config.toml:3: key 'zones[0].polygon': "),
        ("[[zones]]\nname = \"door\"\npolygon = [[0, 0], [1, 0], [1, 1]]\nclasses = [\"person\", \"unicorn\"]\n",
         "config.toml:4: key 'zones[0].classes': the model has no class 'unicorn'"),
    ])
    func badZonesAreConfigurationErrors(config: String, message: String) throws {
        try ReferenceData.require(binary: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(config, to: "config.toml")
        let result = try runBuiltBinary([
            "run", "--config", directory.file("config.toml").path, "--socket", directory.file("s").path,
            "--model", ReferenceData.fullIntegerModel.path, "--source", Self.personImage.path,
        ])
        #expect(result.status == 78, "\(result.errors)")
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    private static func isClose(_ image: RGBImage, x: Int, y: Int, to colour: RGBColor) -> Bool {
        let offset = (y * image.width + x) * 3
        let pixel = image.bytes[offset..<offset + 3].map(Int.init)
        return abs(pixel[0] - Int(colour.red)) < 48 && abs(pixel[1] - Int(colour.green)) < 48
            && abs(pixel[2] - Int(colour.blue)) < 48
    }

    private static func greyJPEG(width: Int, height: Int) throws -> Data {
        let image = try RGBImage(width: width, height: height, bytes: Array(repeating: 114, count: width * height * 3))
        return Data(try JPEGEncoder().encode(image))
    }
}
