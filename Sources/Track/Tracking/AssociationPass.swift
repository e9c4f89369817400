import Detect

/// The associations of one frame, which `FrameAssociation` runs in this order (ByteTrack's):
/// each takes the tracks and detections the earlier ones left unmatched.
///
/// Only a track's own class continues it: a class flicker (car ↔ truck) then starts a new
/// track, but a box of another class in the same place, which is usually another object, can
/// never take over an identity.
enum AssociationPass {
    /// High-score detections with the confirmed tracks, whether seen on the last frame or lost:
    /// tracks with a history get the first pick.
    case confirmed
    /// Low-score detections with the tracks seen on the last frame that `confirmed` left
    /// unmatched: an object partly hidden or blurred scores low but is still where its track
    /// predicts it. Lost tracks are left out; their predictions are too loose for a doubtful box.
    case lowScore
    /// The high-score detections still unmatched with the tentative tracks, so a track that has
    /// not proven itself (a duplicate box, say) cannot take an established track's detection.
    case tentative

    func admits(_ track: Track) -> Bool {
        switch self {
        case .confirmed: track.isConfirmed
        case .lowScore: track.state == .tracked
        case .tentative: track.state == .tentative
        }
    }

    func admits(_ detection: Detection, _ settings: TrackerSettings) -> Bool {
        switch self {
        case .confirmed, .tentative: detection.score >= settings.highScore
        case .lowScore: detection.score >= settings.lowScore && detection.score < settings.highScore
        }
    }

    /// How well `detection` fits a track of the same class predicted at `predicted`, or nil if
    /// not enough for the pass. High-score passes weigh the IoU by the detection's score
    /// (ByteTrack's score fusion) and gate that, at `matchIoU` for confirmed tracks and the
    /// stricter `tentativeMatchIoU` for tentative ones: of two boxes that overlap the prediction
    /// alike the surer one is taken, and a doubtful one must overlap closely. The low-score pass
    /// gates the IoU itself at `lowMatchIoU`.
    func similarity(of predicted: BoundingBox, to detection: Detection, _ settings: TrackerSettings) -> Float? {
        let overlap = predicted.intersectionOverUnion(detection.box)
        switch self {
        case .confirmed:
            return Self.fused(overlap, detection, gate: settings.matchIoU)
        case .tentative:
            return Self.fused(overlap, detection, gate: settings.tentativeMatchIoU)
        case .lowScore:
            return overlap > 0 && overlap >= settings.lowMatchIoU ? overlap : nil
        }
    }

    /// The IoU weighted by the detection's score, or nil below `gate`.
    private static func fused(_ overlap: Float, _ detection: Detection, gate: Float) -> Float? {
        let fused = overlap * detection.score
        return fused > 0 && fused >= gate ? fused : nil
    }
}
