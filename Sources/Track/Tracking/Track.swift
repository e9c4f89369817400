import Detect

/// One object the tracker follows: its identity, class, motion and how sure the tracker is of it.
struct Track {
    enum State {
        /// Started recently and matched on every frame since, but not yet `confirmFrames` times:
        /// it dies at its first miss.
        case tentative
        /// Confirmed and matched on the latest frame.
        case tracked
        /// Confirmed but unmatched on the latest `misses` frames; its box is still predicted so
        /// that it can be found again.
        case lost
    }

    let id: UInt64
    /// The class of the detection that started it; only detections of this class continue it.
    let classID: Int
    private(set) var state: State
    private(set) var filter: BoxKalmanFilter
    /// Consecutive frames matched, counting the first.
    private(set) var hits = 1
    /// Consecutive frames unmatched.
    private(set) var misses = 0

    init(id: UInt64, detection: Detection, confirmFrames: Int) {
        self.id = id
        classID = detection.classID
        filter = BoxKalmanFilter(box: detection.box)
        state = confirmFrames <= 1 ? .tracked : .tentative
    }

    var isConfirmed: Bool { state != .tentative }

    /// Where the object should be on the frame about to be matched.
    mutating func predict() {
        filter.predict(holdingSize: state == .lost)
    }

    /// Corrects the track with the box of the detection it took on this frame.
    mutating func match(_ box: BoundingBox, confirmFrames: Int) {
        filter.update(with: box)
        hits += 1
        misses = 0
        if state == .lost || (state == .tentative && hits >= confirmFrames) {
            state = .tracked
        }
    }

    /// Records a frame without a match.
    /// - Returns: whether the track is over: a tentative one at once, a confirmed one after more
    ///   than `lostFrames` misses in a row.
    mutating func miss(lostFrames: Int) -> Bool {
        hits = 0
        misses += 1
        guard state != .tentative else { return true }
        state = .lost
        return misses > lostFrames
    }
}
