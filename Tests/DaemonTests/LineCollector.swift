import Synchronization

/// Collects a client's lines until it has `limit` lines of type `type`.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    private let type: String
    private let limit: Int

    init(untilCount limit: Int, of type: String) {
        self.limit = limit
        self.type = type
    }

    /// Records `line`; false once enough lines of the wanted type arrived.
    func take(_ line: String) -> Bool {
        lines.withLock { lines in
            lines.append(line)
            return lines.filter { jsonObject($0)?["type"] as? String == type }.count < limit
        }
    }

    var all: [String] { lines.withLock { $0 } }

    func objects(ofType wanted: String) -> [[String: Any]] {
        all.compactMap(jsonObject).filter { $0["type"] as? String == wanted }
    }
}
