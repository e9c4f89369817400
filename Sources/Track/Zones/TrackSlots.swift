/// The tracks a `ZoneMonitor` remembers, each in a fixed slot whose number addresses its zone and
/// line state, and found by ID through a list of the slots in ID order.
///
/// A track keeps its slot after it disappears, so that its line sides survive until it comes
/// back; a slot is taken back only when a new track needs one and none is free. The one taken
/// is of a track absent now and in no zone (so no leave is pending), absent longest.
///
/// Loops over arrays go by index, here and in the monitor: unoptimized builds (the tests')
/// allocate for every element a for-in over an array yields.
struct TrackSlots {
    private var tracks: [MonitoredTrack?]
    /// Used slots, ascending track IDs.
    private(set) var order: [Int] = []
    /// Free slots, the lowest last.
    private var free: [Int] = []

    init(capacity: Int) {
        tracks = Array(repeating: nil, count: capacity)
        order.reserveCapacity(capacity)
        free.reserveCapacity(capacity)
        removeAll()
    }

    subscript(slot: Int) -> MonitoredTrack {
        get { tracks[slot]! }
        set { tracks[slot] = newValue }
    }

    func slot(of id: UInt64) -> Int? {
        let position = position(of: id)
        guard position < order.count, self[order[position]].id == id else { return nil }
        return order[position]
    }

    /// Marks every track absent, before a frame's detections are seen.
    mutating func beginFrame() {
        for position in order.indices {
            tracks[order[position]]!.isPresent = false
        }
    }

    /// Gives `track` a slot, taking one back if none is free.
    /// - Returns: the slot, or nil if every track is present or inside a zone.
    mutating func add(_ track: MonitoredTrack) -> Int? {
        if free.isEmpty {
            guard let slot = longestAbsent() else { return nil }
            order.remove(at: position(of: self[slot].id))
            tracks[slot] = nil
            free.append(slot)
        }
        let slot = free.removeLast()
        tracks[slot] = track
        // Shifted by hand: Array.insert allocates in unoptimized builds.
        let position = position(of: track.id)
        order.append(slot)
        for later in stride(from: order.count - 1, to: position, by: -1) {
            order[later] = order[later - 1]
        }
        order[position] = slot
        return slot
    }

    mutating func removeAll() {
        for slot in tracks.indices {
            tracks[slot] = nil
        }
        order.removeAll(keepingCapacity: true)
        free.removeAll(keepingCapacity: true)
        for slot in tracks.indices.reversed() {
            free.append(slot)
        }
    }

    /// The track absent now and in no zone that has been absent longest (of equals, the lowest ID).
    private func longestAbsent() -> Int? {
        var longest: Int?
        for position in order.indices {
            let slot = order[position]
            let track = self[slot]
            guard !track.isPresent, track.zonesInside == 0 else { continue }
            if let current = longest, self[current].framesAbsent >= track.framesAbsent { continue }
            longest = slot
        }
        return longest
    }

    /// Where `id` is or would go in `order`.
    private func position(of id: UInt64) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if self[order[middle]].id < id {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
