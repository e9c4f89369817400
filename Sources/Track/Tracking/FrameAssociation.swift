import Detect

/// Which detection each track takes on one frame: the passes of `AssociationPass` in order, each
/// an optimal assignment (`GatedAssignment`) of the tracks and detections the earlier ones left.
///
/// A value type of its own so that its loops touch their buffers without the run-time
/// exclusivity checks every access to a class's stored property costs.
struct FrameAssociation {
    /// The matched detection of each track, or -1.
    private(set) var detectionOfTrack: [Int] = []
    /// The matched track of each detection, or -1.
    private(set) var trackOfDetection: [Int] = []
    private var assignment: GatedAssignment
    /// The tracks and detections one pass considers, as rows and columns of its assignment.
    private var rowTracks: [Int] = []
    private var columnDetections: [Int] = []

    init(maxTracks: Int, maxDetections: Int) {
        assignment = GatedAssignment(maxRows: maxTracks, maxColumns: maxDetections)
        detectionOfTrack.reserveCapacity(maxTracks)
        rowTracks.reserveCapacity(maxTracks)
        trackOfDetection.reserveCapacity(maxDetections)
        columnDetections.reserveCapacity(maxDetections)
    }

    /// Matches `tracks` (their boxes predicted for this frame) with `detections`.
    mutating func match(_ tracks: [Track], _ detections: [Detection], _ settings: TrackerSettings) {
        Self.fill(&detectionOfTrack, count: tracks.count)
        Self.fill(&trackOfDetection, count: detections.count)
        run(.confirmed, tracks, detections, settings)
        run(.lowScore, tracks, detections, settings)
        run(.tentative, tracks, detections, settings)
    }

    private mutating func run(
        _ pass: AssociationPass, _ tracks: [Track], _ detections: [Detection], _ settings: TrackerSettings
    ) {
        rowTracks.removeAll(keepingCapacity: true)
        columnDetections.removeAll(keepingCapacity: true)
        for track in tracks.indices where detectionOfTrack[track] < 0 && pass.admits(tracks[track]) {
            rowTracks.append(track)
        }
        for detection in detections.indices
        where trackOfDetection[detection] < 0 && pass.admits(detections[detection], settings) {
            columnDetections.append(detection)
        }
        guard !rowTracks.isEmpty, !columnDetections.isEmpty else { return }
        assignment.similarities.reset(rowCount: rowTracks.count, columnCount: columnDetections.count)
        for row in rowTracks.indices {
            let track = tracks[rowTracks[row]]
            let predicted = track.filter.box
            for column in columnDetections.indices {
                let detection = detections[columnDetections[column]]
                guard detection.classID == track.classID else { continue }
                assignment.similarities[row, column] = pass.similarity(of: predicted, to: detection, settings)
            }
        }
        assignment.solve()
        for row in rowTracks.indices {
            let column = assignment.columnOfRow[row]
            guard column >= 0 else { continue }
            detectionOfTrack[rowTracks[row]] = columnDetections[column]
            trackOfDetection[columnDetections[column]] = rowTracks[row]
        }
    }

    /// Makes `array` `count` entries of -1 ("unmatched").
    private static func fill(_ array: inout [Int], count: Int) {
        array.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            array.append(-1)
        }
    }
}
