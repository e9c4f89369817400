import Foundation
import TestSupport
import Testing

/// Our tracker against supervision's ByteTrack (`bench/tracker-quality.sh`): both track the real
/// model's detections on short videos made from labelled val photos (pan, zoom, pan with zoom,
/// an occluder), scored by motmetrics. On every sequence ours keeps identities at least as well:
/// IDF1 no lower, ID switches no more.
@Suite struct TrackerQualityTests {
    struct Summary: Decodable {
        var trackingAvailable: Bool
        var sequences: [Sequence]
    }

    struct Sequence: Decodable {
        var name: String
        var frames: Int
        var gtObjects: Int
        var ours: Scores?
        var supervision: Scores
    }

    struct Scores: Decodable {
        var idf1: Double
        var idSwitches: Int
        var mota: Double
    }

    /// The script's own timeout: its venv (first run), detection on every frame twice with the
    /// debug build, and the scoring take about 2 minutes.
    static let timeoutSeconds = 900

    @Test func ourTrackerKeepsIdentitiesAtLeastAsWellAsSupervisionByteTrack() throws {
        try ReferenceData.require(binary: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let summaryFile = directory.file("summary.json")
        var environment = ProcessInfo.processInfo.environment
        environment["YOLO_EDGE_BINARY"] = ReferenceData.binary.path
        let script = ReferenceData.repositoryRoot.appendingPathComponent("bench/tracker-quality.sh").path
        let run = try Subprocess.run(
            "/usr/bin/timeout", ["-s", "KILL", "\(Self.timeoutSeconds)", "/bin/bash", script, "--summary", summaryFile.path],
            environment: environment)
        try #require(run.status != 3, "the yolo-edge binary has no tracker (detect --no-tracking): \(run.text)")
        try #require(run.status == 0, "bench/tracker-quality.sh exited \(run.status): \(run.errors)")
        print(run.text)  // the table, for the log

        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try decoder.decode(Summary.self, from: Data(contentsOf: summaryFile))
        #expect(summary.trackingAvailable)
        #expect(summary.sequences.count == 4, "\(summary.sequences.map(\.name))")
        for sequence in summary.sequences {
            #expect(sequence.frames >= 30 && sequence.gtObjects >= 4, "\(sequence.name) is too small to measure")
            let theirs = sequence.supervision
            guard let ours = sequence.ours else {
                Issue.record("\(sequence.name): our tracker was not scored")
                continue
            }
            #expect(
                ours.idf1 >= theirs.idf1,
                "\(sequence.name): IDF1 ours \(ours.idf1) < supervision \(theirs.idf1)")
            #expect(
                ours.idSwitches <= theirs.idSwitches,
                "\(sequence.name): ID switches ours \(ours.idSwitches) > supervision \(theirs.idSwitches)")
        }
    }
}
