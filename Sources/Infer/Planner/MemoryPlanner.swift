/// Static placement of every intermediate tensor in one arena.
///
/// The algorithm is TFLite Micro's greedy planner:
///
/// 1. Each buffer has a size and a lifetime: the first and the last step
///    (inclusive) in which it is read or written.
/// 2. Buffers are placed in order of decreasing size (ties: earlier first use,
///    then request order, so the plan is deterministic).
/// 3. Each buffer goes at the lowest aligned offset where it overlaps no
///    already placed buffer whose lifetime intersects its own. The candidate
///    offsets are 0 and the end of each such conflicting buffer.
/// 4. The arena size is the highest end offset.
///
/// Large buffers placed first claim the low offsets; the small ones then fill
/// the gaps between lifetimes. The result is not optimal (the problem is
/// NP-hard) and depends on the order. A chain of producers and consumers
/// shows why: YOLOv8's backbone hands a 0.8 MB tensor to a 1.2 MB one that
/// lives for 30 steps; placed first for its size, the long one takes offset
/// 0, and the chain's next link must go above everything alive beside it.
/// So the placement repeats (at most `refinements` times) with the buffer
/// that set the arena size moved to the front of the order, and the smallest
/// arena wins (the earliest of equals). Two bounds are reported with it: the sum
/// of all sizes (what a planner-less runtime allocates) and the liveness lower
/// bound (the largest total size alive in any one step, which no placement can
/// beat).
///
/// The requests are buffers, not tensors: a tensor written in place into a
/// slice of another (a concatenation's input, stored by its producer straight
/// into the output) is no request of its own. The engine's `ArenaLayout`
/// merges its lifetime into the enclosing tensor's, which so starts at the
/// first producer of any slice, and places it at its offset inside that one.
public enum MemoryPlanner {
    /// Places `requests`; every offset is a multiple of `alignment`.
    public static func plan(_ requests: [BufferRequest], alignment: Int = 64, refinements: Int = 64) -> MemoryPlan {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "alignment must be a power of two")
        var order = requests.indices.sorted { a, b in
            let (ra, rb) = (requests[a], requests[b])
            if ra.size != rb.size { return ra.size > rb.size }
            if ra.firstStep != rb.firstStep { return ra.firstStep < rb.firstStep }
            return a < b
        }
        let lowerBound = livenessLowerBound(requests)
        var (offsets, arenaSize) = place(requests, in: order, alignment: alignment)
        var latest = offsets
        // No round can beat the lower bound, so once there the rounds stop.
        for _ in 0..<(requests.isEmpty ? 0 : refinements) where arenaSize > lowerBound {
            let highest = requests.indices.max { latest[$0] + requests[$0].size < latest[$1] + requests[$1].size }!
            order.removeAll { $0 == highest }
            order.insert(highest, at: 0)
            let attempt = place(requests, in: order, alignment: alignment)
            latest = attempt.offsets
            if attempt.arenaSize < arenaSize { (offsets, arenaSize) = attempt }
        }
        return MemoryPlan(
            offsets: offsets,
            arenaSize: align(arenaSize, to: alignment),
            sumOfSizes: requests.reduce(0) { $0 + $1.size },
            livenessLowerBound: lowerBound)
    }

    /// Steps 3 and 4 for the buffers in `order`.
    private static func place(
        _ requests: [BufferRequest], in order: [Int], alignment: Int
    ) -> (offsets: [Int], arenaSize: Int) {
        var offsets = [Int](repeating: 0, count: requests.count)
        var placed: [Int] = []
        var arenaSize = 0
        for index in order {
            let request = requests[index]
            let conflicts = placed
                .filter { requests[$0].overlapsInTime(request) }
                .sorted { offsets[$0] < offsets[$1] }
            var candidate = 0
            for other in conflicts {
                let otherEnd = offsets[other] + requests[other].size
                if candidate + request.size <= offsets[other] { break }
                candidate = max(candidate, align(otherEnd, to: alignment))
            }
            offsets[index] = candidate
            placed.append(index)
            arenaSize = max(arenaSize, candidate + request.size)
        }
        return (offsets, arenaSize)
    }

    /// The largest total size of buffers alive in the same step.
    static func livenessLowerBound(_ requests: [BufferRequest]) -> Int {
        guard let lastStep = requests.map(\.lastStep).max() else { return 0 }
        var alive = [Int](repeating: 0, count: lastStep + 2)
        for request in requests {
            alive[request.firstStep] += request.size
            alive[request.lastStep + 1] -= request.size
        }
        var running = 0
        var peak = 0
        for delta in alive {
            running += delta
            peak = max(peak, running)
        }
        return peak
    }

    static func align(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) & ~(alignment - 1)
    }
}

/// A buffer to place: `size` bytes alive from `firstStep` through `lastStep`.
public struct BufferRequest: Sendable, Equatable {
    public var size: Int
    public var firstStep: Int
    public var lastStep: Int

    public init(size: Int, firstStep: Int, lastStep: Int) {
        precondition(size >= 0 && firstStep <= lastStep, "invalid buffer request")
        self.size = size
        self.firstStep = firstStep
        self.lastStep = lastStep
    }

    func overlapsInTime(_ other: BufferRequest) -> Bool {
        firstStep <= other.lastStep && other.firstStep <= lastStep
    }
}

/// Where each buffer lives in the arena, and how good that is.
public struct MemoryPlan: Sendable, Equatable {
    /// Offset of each request, in request order.
    public var offsets: [Int]
    /// Bytes the arena needs.
    public var arenaSize: Int
    /// Bytes if every buffer had its own allocation.
    public var sumOfSizes: Int
    /// No plan can use fewer bytes than this.
    public var livenessLowerBound: Int
}
