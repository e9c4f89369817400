import Synchronization

/// Collects a client's lines until it has `limit` lines of type `type`.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    private let matching = Mutex(0)
    private let type: String
    private let limit: Int

    init(untilCount limit: Int, of type: String) {
        self.limit = limit
        self.type = type
    }

    /// Records `line`; false once enough lines of the wanted type arrived.
    func take(_ line: String) -> Bool {
        lines.withLock { $0.append(line) }
        // Only the type field is looked at here, so that a reader keeps up with a fast daemon.
        guard line.hasPrefix("{\"type\":\"\(type)\"") else { return true }
        return matching.withLock { count in
            count += 1
            return count < limit
        }
    }

    var all: [String] { lines.withLock { $0 } }

    func objects(ofType wanted: String) -> [[String: Any]] {
        all.compactMap(jsonObject).filter { $0["type"] as? String == wanted }
    }
}
