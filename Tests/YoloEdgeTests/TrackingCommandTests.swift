import Foundation
import TestSupport
import Testing

/// `detect --source` and `capture --model` run the daemon's tracker: every printed detection
/// carries its track ID, stable while the object stays.
@Suite struct TrackingCommandTests {
    private static let image = ReferenceData.validationImages.appendingPathComponent("000000000785.jpg").path
    private static let model = ReferenceData.fullIntegerModel.path

    private static func records(_ extra: [String]) throws -> [[[String: Any]]] {
        let detect = try Subprocess.check(ReferenceData.binary.path, [
            "detect", "--model", model, "--source", image + ":loop", "--frames", "3", "--json",
        ] + extra)
        return try detect.text.split(separator: "\n").map { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(record["detections"] as? [[String: Any]])
        }
    }

    @Test func detectFromASourceGivesStableTrackIDs() throws {
        try ReferenceData.require(binary: true)
        let frames = try Self.records([])
        #expect(frames.count == 3)
        let firstIDs = frames[0].map { $0["track_id"] as? Int }
        #expect(!firstIDs.isEmpty && firstIDs.allSatisfy { $0 != nil }, "every detection has a track_id")
        #expect(Set(firstIDs).count == firstIDs.count, "one ID per object")
        for frame in frames.dropFirst() {
            #expect(frame.map { $0["track_id"] as? Int } == firstIDs, "the same objects keep their IDs")
        }
        let untracked = try Self.records(["--no-tracking"])
        #expect(untracked.allSatisfy { $0.allSatisfy { $0["track_id"] == nil } })
        #expect(untracked.map(\.count) == frames.map(\.count), "tracking adds IDs, not detections, on a still image")
    }

    @Test func captureWithAModelNamesTrackedObjects() throws {
        try ReferenceData.require(binary: true)
        let capture = try Subprocess.check(ReferenceData.binary.path, [
            "capture", "--source", Self.image + ":loop", "--frames", "2", "--model", Self.model,
        ])
        let frames = capture.errors.split(separator: "\n").filter { $0.hasPrefix("capture: frame ") }
        #expect(frames.count == 2, "\(capture.errors)")
        #expect(frames.allSatisfy { $0.contains("person #1 0.93") }, "\(frames)")
    }
}
