import Infer

import Foundation

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
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SubscriptionError("not a JSON object")
        }
        guard object["type"] as? String == "subscribe" else { throw SubscriptionError("\"type\" must be \"subscribe\"") }
        if let unknown = object.keys.sorted().first(where: { !["type", "classes", "min_score"].contains($0) }) {
            throw SubscriptionError("unknown field \"\(unknown)\"")
        }
        var subscription = Subscription()
        if let rawScore = object["min_score"] {
            guard let number = Self.number(rawScore), (0...1).contains(number.floatValue) else {
                throw SubscriptionError("\"min_score\" must be a number from 0 to 1")
            }
            subscription.minimumScore = number.floatValue
        }
        if let rawClasses = object["classes"] {
            guard let classes = rawClasses as? [Any] else { throw SubscriptionError("\"classes\" must be an array") }
            subscription.classIDs = try Set(classes.map { (entry) throws(SubscriptionError) in
                try classID(entry, classNames: classNames)
            })
        }
        return subscription
    }

    /// A JSON number. `is Bool` cannot tell booleans apart here: Foundation bridges every
    /// NSNumber holding 0 or 1 to Bool, so the stored type decides ("c" is how a Bool is kept).
    private static func number(_ value: Any) -> NSNumber? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number
    }

    private static func classID(_ entry: Any, classNames: [String]) throws(SubscriptionError) -> Int {
        if let label = entry as? String {
            guard let index = classNames.firstIndex(of: label) else { throw SubscriptionError("unknown class \"\(label)\"") }
            return index
        }
        if let number = Self.number(entry), let id = Int(exactly: number.doubleValue),
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
