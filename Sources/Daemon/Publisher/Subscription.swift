import Detect
import Infer

/// What one client asked to receive: some classes, and detections at or above a score.
/// Clients that never subscribe receive everything.
struct Subscription: Sendable, Equatable {
    /// Class ids to keep, or nil for all.
    var classIDs: Set<Int>?
    var minimumScore: Float = 0

    func accepts(_ detection: Detection) -> Bool {
        detection.score >= minimumScore && (classIDs?.contains(detection.classID) ?? true)
    }

    /// Parses a client's line, e.g. `{"type":"subscribe","classes":["person",2],"min_score":0.5}`.
    /// Classes may be named by label or id.
    static func parse(_ line: String, classNames: [String]) throws(SubscriptionError) -> Subscription {
        guard let object = JSONValue(parsing: line)?.object else { throw SubscriptionError("not a JSON object") }
        guard object["type"]?.string == "subscribe" else { throw SubscriptionError("\"type\" must be \"subscribe\"") }
        if let unknown = object.keys.sorted().first(where: { !["type", "classes", "min_score"].contains($0) }) {
            throw SubscriptionError("unknown field \"\(unknown)\"")
        }
        var subscription = Subscription()
        if let rawScore = object["min_score"] {
            guard let number = rawScore.number, (0...1).contains(number) else {
                throw SubscriptionError("\"min_score\" must be a number from 0 to 1")
            }
            subscription.minimumScore = Float(number)
        }
        if let rawClasses = object["classes"] {
            guard let classes = rawClasses.array else { throw SubscriptionError("\"classes\" must be an array") }
            subscription.classIDs = try Set(classes.map { (entry) throws(SubscriptionError) in
                try classID(entry, classNames: classNames)
            })
        }
        return subscription
    }

    private static func classID(_ entry: JSONValue, classNames: [String]) throws(SubscriptionError) -> Int {
        if let label = entry.string {
            guard let index = classNames.firstIndex(of: label) else { throw SubscriptionError("unknown class \"\(label)\"") }
            return index
        }
        if let number = entry.number, let id = Int(exactly: number),
           classNames.indices.contains(id) {
            return id
        }
        throw SubscriptionError("classes must be labels or ids from 0 to \(classNames.count - 1)")
    }
}

struct SubscriptionError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
