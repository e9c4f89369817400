import Detect
import Infer
import Track

/// What one client asked to receive: some classes, detections at or above a score, per-frame
/// lines or events only, events of some zones and lines. Clients that never subscribe receive
/// everything.
struct Subscription: Sendable, Equatable {
    /// Class ids to keep, or nil for all.
    var classIDs: Set<Int>?
    var minimumScore: Float = 0
    /// Whether the client gets a `detections` line per frame; false: events only.
    var wantsFrames = true
    /// Zones and lines whose events the client gets, or nil for all.
    var zoneNames: Set<String>?

    func accepts(_ detection: Detection) -> Bool {
        detection.score >= minimumScore && (classIDs?.contains(detection.classID) ?? true)
    }

    /// Events are filtered by zone or line and by class, not by score: a zone has its own.
    func accepts(_ event: PublishedEvent, names: ZoneNames) -> Bool {
        guard classIDs?.contains(event.event.classID) ?? true else { return false }
        guard let zoneNames else { return true }
        return names.name(of: event.event).map(zoneNames.contains) ?? false
    }

    static let fields = ["type", "classes", "min_score", "frames", "zones"]

    /// Parses a client's line, e.g.
    /// `{"type":"subscribe","classes":["person",2],"min_score":0.5,"frames":false,"zones":["door"]}`.
    /// Classes may be named by label or id; zones and lines by name.
    static func parse(
        _ line: String, classNames: [String], zoneNames: ZoneNames = .none
    ) throws(SubscriptionError) -> Subscription {
        guard let object = JSONValue(parsing: line)?.object else { throw SubscriptionError("not a JSON object") }
        guard object["type"]?.string == "subscribe" else { throw SubscriptionError("\"type\" must be \"subscribe\"") }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
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
        if let rawFrames = object["frames"] {
            guard let frames = rawFrames.bool else { throw SubscriptionError("\"frames\" must be true or false") }
            subscription.wantsFrames = frames
        }
        if let rawZones = object["zones"] {
            guard let zones = rawZones.array else { throw SubscriptionError("\"zones\" must be an array of zone and line names") }
            var names = Set<String>()
            for entry in zones {
                guard let name = entry.string, zoneNames.contains(name) else {
                    let known = (zoneNames.zones + zoneNames.lines).map { "\"\($0)\"" }.joined(separator: ", ")
                    throw SubscriptionError("\"zones\" may name only the configured zones and lines (\(known.isEmpty ? "none" : known))")
                }
                names.insert(name)
            }
            subscription.zoneNames = names
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
