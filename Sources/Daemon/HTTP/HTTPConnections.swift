import NIOCore
import Synchronization

/// The endpoint's open connections, at most `limit`. When a new connection finds every place
/// taken, the connection that has waited longest for a request gives its place up: idle
/// keep-alive connections and clients that send nothing, or trickle, go first, so connections
/// held open cannot lock new clients out. With every connection busy answering a request, the
/// new one is refused.
final class HTTPConnections: Sendable {
    typealias ID = UInt64

    /// For metrics.
    struct Statistics: Sendable, Equatable {
        var open = 0
        var accepted: UInt64 = 0
        /// Connections closed to make room for a new one.
        var evicted: UInt64 = 0
        /// New connections answered 503 because every place was busy, or the endpoint closing.
        var refused: UInt64 = 0
    }

    enum Admission {
        case admitted(ID)
        /// Admitted in place of a connection that was waiting for a request, now closing.
        case admittedByEvicting(ID)
        case refused
    }

    private struct Entry {
        let channel: any Channel
        /// When it began waiting for its next request (accept, or its last response written);
        /// nil while it answers one.
        var waitingSince: UInt64?
    }

    private struct State {
        var entries: [ID: Entry] = [:]
        var nextID: ID = 0
        var isClosed = false
        var statistics = Statistics()

        func longestWaiting() -> ID? {
            entries.lazy.compactMap { id, entry in entry.waitingSince.map { (id, $0) } }.min { $0.1 < $1.1 }?.0
        }
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.open = state.entries.count
            return statistics
        }
    }

    /// Takes `channel` in, making room if needed; it leaves when it closes.
    func admit(_ channel: any Channel) -> Admission {
        let now = MonotonicClock.now()
        let admitted = state.withLock { state -> (id: ID, evicted: (any Channel)?)? in
            var evicted: (any Channel)?
            if state.entries.count >= limit, !state.isClosed, let oldest = state.longestWaiting() {
                evicted = state.entries.removeValue(forKey: oldest)?.channel
                state.statistics.evicted += 1
            }
            guard !state.isClosed, state.entries.count < limit else {
                state.statistics.refused += 1
                return nil
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(channel: channel, waitingSince: now)
            state.statistics.accepted += 1
            return (id, evicted)
        }
        guard let (id, evicted) = admitted else { return .refused }
        channel.closeFuture.whenComplete { _ in self.state.withLock { _ = $0.entries.removeValue(forKey: id) } }
        guard let evicted else { return .admitted(id) }
        evicted.close(promise: nil)
        return .admittedByEvicting(id)
    }

    /// Marks the connection as waiting for its next request, from now on.
    func waitForRequest(_ id: ID) {
        let now = MonotonicClock.now()
        state.withLock { $0.entries[id]?.waitingSince = now }
    }

    /// Marks the connection as answering a request: not to be evicted.
    func answer(_ id: ID) {
        state.withLock { $0.entries[id]?.waitingSince = nil }
    }

    /// Refuses new connections from now on, and closes the open ones; returns once they are
    /// closed.
    func closeAll() async {
        let channels = state.withLock { state in
            state.isClosed = true
            return state.entries.values.map(\.channel)
        }
        for channel in channels {
            channel.close(promise: nil)
            try? await channel.closeFuture.get()
        }
    }
}
