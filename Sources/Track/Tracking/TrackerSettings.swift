/// How `ObjectTracker` associates detections with tracks, and how long tracks live.
///
/// The defaults are ByteTrack's (tuned at 30 fps) where they held up on yolo-edge's tracker
/// bench (bench/tracker-quality.sh: pans, zooms and an occluder over photos, real detections),
/// and are counted in frames: at 5 fps the same counts span six times as long, which a slower
/// camera needs anyway, since each frame carries more motion and fewer frames of evidence.
public struct TrackerSettings: Sendable, Equatable {
    /// Detections at or above this score are matched first; those at least 0.1 above it
    /// (`startScore`) may start tracks (the daemon sets it to detection.confidence).
    public var highScore: Float = 0.25
    /// Detections from lowScore up to highScore only continue tracks that the first pass left
    /// unmatched (ByteTrack's second association).
    public var lowScore: Float = 0.1
    /// Least IoU of the Kalman-predicted box and a detection, weighted by the detection's score
    /// (ByteTrack's score fusion), for a first-pass match: at 0.2 a box scored 0.8 needs an IoU
    /// of 0.25, one scored 0.3 an IoU of 0.67, so a doubtful box cannot take a track from afar.
    public var matchIoU: Float = 0.2
    /// Least IoU for a second-pass (low-score) match: high, because a low score is as often a
    /// stray box as a partly hidden object.
    public var lowMatchIoU: Float = 0.5
    /// Consecutive matched frames, the first included, before a tentative track is confirmed.
    /// Three: a false detection rarely lasts that long (with two, pans and zooms confirmed
    /// short-lived tracks on shifting boxes and switched identities twice as often on the bench),
    /// and at 5 fps a real object is still confirmed within 0.6 s.
    public var confirmFrames: Int = 3
    /// Frames a confirmed track may go unmatched before it is dropped: ByteTrack's buffer of 30,
    /// one second at 30 fps, six at 5 fps.
    public var lostFrames: Int = 30
    /// Tracks kept at most (fixed capacity, allocated at start).
    public var maxTracks: Int = 256

    public init() {}

    /// The least score of a detection that starts a track: ByteTrack's margin of 0.1 over
    /// `highScore`, since a box just above the threshold is too often a duplicate or a part of
    /// an object to found an identity on.
    var startScore: Float { highScore + 0.1 }

    /// Least fused IoU for a tentative track's match: ByteTrack's margin of 0.1 over `matchIoU`
    /// for its unconfirmed tracks (0.3 at the default), since a track with a box or two of
    /// history predicts loosely, and a loose match lets a shifting duplicate box be confirmed
    /// as an object of its own.
    var tentativeMatchIoU: Float { matchIoU + 0.1 }
}
