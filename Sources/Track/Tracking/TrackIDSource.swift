import Synchronization

/// Hands out track IDs: 1, 2, 3, … never the same twice. Trackers that share one source (the
/// daemon's, one after another across reloads) give IDs unique for the source's life.
public final class TrackIDSource: Sendable {
    private let next = Atomic<UInt64>(1)

    public init() {}

    /// A new ID. Lock-free; allocates nothing.
    func take() -> UInt64 {
        next.add(1, ordering: .relaxed).oldValue
    }
}
