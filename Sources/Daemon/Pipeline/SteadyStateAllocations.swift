import AllocationCounter

/// Counts the heap allocations one pipeline thread makes per frame once it is warm, i.e. after
/// its first frames (lazy initialisation, first-use buffers). The capture→infer path promises
/// zero. Counting costs a thread-local increment per malloc, so it stays on in production.
///
/// Covers the calling thread only: the engine's worker threads, and libraries' own threads,
/// are not seen (the Infer suite checks the engine's run across its workers).
struct SteadyStateAllocations {
    static let warmUpFrames = 5
    private var framesUntilWarm = Self.warmUpFrames

    /// Starts counting on the calling thread.
    init() {
        allocation_counter_thread_start()
    }

    /// Call once per frame on the thread that created this.
    /// - Returns: the allocations since the previous call, or 0 while warming up.
    mutating func frameDone() -> UInt64 {
        let allocations = allocation_counter_thread_stop()
        allocation_counter_thread_start()
        guard framesUntilWarm == 0 else {
            framesUntilWarm -= 1
            return 0
        }
        return allocations
    }
}
