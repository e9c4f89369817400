import Detect

/// A ByteTrack-style multi-object tracker: gives each detection the identity of the object it
/// continues, frame after frame.
///
/// Each frame, every track's box is predicted by its Kalman filter (`BoxKalmanFilter`), lost
/// tracks included, so an object that reappears where its motion led is found again. The
/// detections are then matched to the predictions by IoU (`FrameAssociation`), each track only
/// with its own class. Matched tracks are corrected; unmatched tentative tracks die at once and
/// confirmed ones are lost, then dropped after `lostFrames` misses; each detection left over
/// that scores `startScore` starts a tentative track.
///
/// Tracks are kept in the order of their IDs, which is the order of their birth, so every pass
/// visits them the same way: the same detections always give the same IDs.
///
/// Used on one thread. Every buffer is sized at init from `maxTracks` and `maxDetections`.
public final class ObjectTracker {
    public let settings: TrackerSettings
    /// Live tracks, ascending IDs.
    private var tracks: [Track] = []
    private let ids: TrackIDSource
    /// Whether no frame has been seen since init or `reset()`.
    private var isFirstFrame = true
    private var association: FrameAssociation

    /// - Parameter maxDetections: the most detections a frame will have; more still work, but
    ///   allocate.
    /// - Parameter ids: where new tracks' IDs come from; a source shared with earlier trackers
    ///   keeps IDs unique across them.
    public init(settings: TrackerSettings, maxDetections: Int, ids: TrackIDSource = TrackIDSource()) {
        self.ids = ids
        precondition(settings.maxTracks > 0, "maxTracks must be positive, got \(settings.maxTracks)")
        precondition(maxDetections >= 0, "maxDetections must not be negative, got \(maxDetections)")
        self.settings = settings
        association = FrameAssociation(maxTracks: settings.maxTracks, maxDetections: maxDetections)
        tracks.reserveCapacity(settings.maxTracks)
    }

    /// One frame. Associates detections with tracks (matched, or a new tentative track started
    /// from an unmatched detection scoring at least `startScore`, 0.1 above highScore) and sets
    /// `trackID` on those of confirmed tracks; removes from the array the low-score detections
    /// (score < highScore) that continued no track; keeps the order of the rest. IDs come from
    /// `ids`, in order, never reused. Allocates nothing once warm as long as
    /// detections.count <= maxDetections.
    ///
    /// A high-score detection may so stay without a track: one below `startScore` that continued
    /// none, or one that found no room. When all `maxTracks` tracks are in use, a new one takes
    /// the place of the track lost for longest; if none is lost, the detection gets no track.
    public func update(_ detections: inout [Detection]) {
        associate(&detections)
        hideTentativeIDs(&detections)
    }

    /// `update` without hiding tentative tracks' IDs, which tests follow.
    func associate(_ detections: inout [Detection]) {
        for index in detections.indices {
            detections[index].trackID = nil
        }
        for index in tracks.indices {
            tracks[index].predict()
        }
        association.match(tracks, detections, settings)
        updateTracks(&detections)
        startTracks(&detections)
        removeUnmatchedLowScores(&detections)
        isFirstFrame = false
    }

    /// Whether the track is confirmed (tentative tracks are not; events only consider confirmed ones).
    public func isConfirmed(_ trackID: UInt64) -> Bool {
        var low = 0
        var high = tracks.count
        while low < high {
            let middle = (low + high) / 2
            if tracks[middle].id < trackID {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < tracks.count && tracks[low].id == trackID && tracks[low].isConfirmed
    }

    /// Forgets every track (IDs keep counting up).
    public func reset() {
        tracks.removeAll(keepingCapacity: true)
        isFirstFrame = true
    }

    /// Corrects the matched tracks and labels their detections; ages the others, dropping the
    /// ones that are over.
    private func updateTracks(_ detections: inout [Detection]) {
        var kept = 0
        for index in tracks.indices {
            var track = tracks[index]
            let detection = association.detectionOfTrack[index]
            if detection >= 0 {
                track.match(detections[detection].box, confirmFrames: settings.confirmFrames)
                detections[detection].trackID = track.id
            } else if track.miss(lostFrames: settings.lostFrames) {
                continue
            }
            tracks[kept] = track
            kept += 1
        }
        tracks.removeLast(tracks.count - kept)
    }

    /// Starts a tentative track from each detection no track took that scores `startScore`, in
    /// array order. On the first frame they start confirmed, as in ByteTrack: what is in view
    /// when tracking starts is there to stay, and a delay would only hide it.
    private func startTracks(_ detections: inout [Detection]) {
        for index in detections.indices
        where association.trackOfDetection[index] < 0 && detections[index].score >= settings.startScore {
            guard tracks.count < settings.maxTracks || removeLongestLostTrack() else { continue }
            let track = Track(
                id: ids.take(), detection: detections[index], confirmFrames: isFirstFrame ? 1 : settings.confirmFrames)
            tracks.append(track)
            detections[index].trackID = track.id
        }
    }

    /// Makes room for a track: drops the lost track with the most misses (of equals, the oldest).
    /// - Returns: false if no track is lost.
    private func removeLongestLostTrack() -> Bool {
        var longest = -1
        for index in tracks.indices
        where tracks[index].state == .lost && (longest < 0 || tracks[index].misses > tracks[longest].misses) {
            longest = index
        }
        guard longest >= 0 else { return false }
        tracks.remove(at: longest)
        return true
    }

    /// Takes the ID off detections of tentative tracks: an ID is published once its track is
    /// confirmed, as ByteTrack outputs only activated tracks, so that the IDs clients see are
    /// the ones that last (a box that flickers for a frame or two would otherwise spend one).
    private func hideTentativeIDs(_ detections: inout [Detection]) {
        for index in detections.indices {
            if let id = detections[index].trackID, !isConfirmed(id) { detections[index].trackID = nil }
        }
    }

    /// Drops the detections below `highScore` that continue no track, keeping the others' order.
    private func removeUnmatchedLowScores(_ detections: inout [Detection]) {
        var kept = 0
        for index in detections.indices
        where detections[index].trackID != nil || detections[index].score >= settings.highScore {
            detections[kept] = detections[index]
            kept += 1
        }
        detections.removeLast(detections.count - kept)
    }
}
