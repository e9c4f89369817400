/// Whether one track is in one zone, debounced: the track enters after `enterFrames`
/// consecutive frames inside and leaves after `leaveFrames` consecutive frames outside.
///
/// Only an unbroken run of frames against the current state counts: a single frame that agrees
/// with it starts the run again. An anchor that jitters across the boundary every frame
/// therefore never changes state (unless a delay is one frame, which asks for no debouncing);
/// one that mostly stays on a side changes once, after a clean run on the other.
struct ZonePresence {
    private(set) var isInside = false
    /// Consecutive frames that disagreed with `isInside`.
    private var run = 0

    /// Takes one frame's observation (a delay below 1 counts as 1).
    /// - Returns: `.enter` or `.leave` on the frame the state changes, else nil.
    mutating func observe(inside: Bool, enterFrames: Int, leaveFrames: Int) -> ZoneEvent.Kind? {
        guard inside != isInside else {
            run = 0
            return nil
        }
        run += 1
        guard run >= max(1, inside ? enterFrames : leaveFrames) else { return nil }
        isInside = inside
        run = 0
        return inside ? .enter : .leave
    }
}
