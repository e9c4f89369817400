import TOMLKit
import Track

/// Reads the `[[zones]]` and `[[lines]]` arrays of tables. Each problem names the table
/// (`zones[1]`, counted from 0 in file order), the key and its line.
struct ZoneTableReader {
    let origin: String
    let locator: TOMLKeyLocator

    /// The keys a `[[zones]]` table may hold.
    static let zoneKeys = ["name", "polygon", "classes", "min_score", "anchor", "enter_frames", "leave_frames"]
    /// The keys a `[[lines]]` table may hold.
    static let lineKeys = ["name", "start", "end", "classes", "min_score", "anchor"]
    /// More would only cost time per frame without meaning anything to a person.
    static let maximumCount = 64
    static let maximumPolygonPoints = 256

    func zones(_ value: any TOMLValueConvertible) throws(ConfigError) -> [ZoneConfig] {
        try tables(value, array: "zones").map { (index, table) throws(ConfigError) in
            let entry = Entry(reader: self, array: "zones", index: index, table: table)
            try entry.rejectUnknownKeys(Self.zoneKeys)
            var definition = ZoneDefinition(name: try entry.name(), polygon: try entry.polygon())
            definition.minimumScore = try entry.minimumScore()
            definition.anchor = try entry.anchor()
            definition.enterFrames = try entry.frames("enter_frames") ?? definition.enterFrames
            definition.leaveFrames = try entry.frames("leave_frames") ?? definition.leaveFrames
            return ZoneConfig(
                definition: definition, classes: try entry.classes(), classesLocation: entry.location(of: "classes"),
                key: entry.prefix)
        }
    }

    func lines(_ value: any TOMLValueConvertible) throws(ConfigError) -> [LineConfig] {
        try tables(value, array: "lines").map { (index, table) throws(ConfigError) in
            let entry = Entry(reader: self, array: "lines", index: index, table: table)
            try entry.rejectUnknownKeys(Self.lineKeys)
            let start = try entry.point("start"), end = try entry.point("end")
            if let problem = ZoneGeometry.lineProblem(start: start, end: end) { throw entry.error("end", .invalidValue(problem)) }
            var definition = LineDefinition(name: try entry.name(), start: start, end: end)
            definition.minimumScore = try entry.minimumScore()
            definition.anchor = try entry.anchor()
            return LineConfig(
                definition: definition, classes: try entry.classes(), classesLocation: entry.location(of: "classes"),
                key: entry.prefix)
        }
    }

    private func tables(_ value: any TOMLValueConvertible, array: String) throws(ConfigError) -> [(Int, TOMLTable)] {
        let wrongType = ConfigError(
            origin: origin, line: locator.line(ofArrayTable: array, index: 0) ?? locator.line(ofKey: array, inSection: nil),
            key: array, problem: .wrongType(expected: "an array of tables ([[\(array)]])", found: value.type.rawValue))
        guard let items = value.array else { throw wrongType }
        guard items.count <= Self.maximumCount else {
            throw ConfigError(
                origin: origin, line: locator.line(ofArrayTable: array, index: Self.maximumCount), key: array,
                problem: .invalidValue("at most \(Self.maximumCount) may be given, got \(items.count)"))
        }
        var tables: [(Int, TOMLTable)] = []
        for (index, item) in items.enumerated() {
            guard let table = item.table else { throw wrongType }
            tables.append((index, table))
        }
        return tables
    }

    /// One table of the array, with the checks of its keys.
    private struct Entry {
        let reader: ZoneTableReader
        let array: String
        let index: Int
        let table: TOMLTable

        var prefix: String { "\(array)[\(index)]" }

        func location(of key: String) -> ConfigLocation {
            ConfigLocation(
                origin: reader.origin,
                line: reader.locator.line(ofKey: key, inArrayTable: array, index: index)
                    ?? reader.locator.line(ofArrayTable: array, index: index))
        }

        func error(_ key: String, _ problem: ConfigError.Problem) -> ConfigError {
            let location = location(of: key)
            return ConfigError(origin: location.origin, line: location.line, key: "\(prefix).\(key)", problem: problem)
        }

        func rejectUnknownKeys(_ known: [String]) throws(ConfigError) {
            if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
                throw error(unknown, .unknownKey)
            }
        }

        func name() throws(ConfigError) -> String {
            guard let value = table["name"] else { throw error("name", .invalidValue("every \(array) table needs a name")) }
            guard let name = value.string else { throw error("name", .wrongType(expected: "a string", found: value.type.rawValue)) }
            guard !name.isEmpty, name.utf8.count <= 64, !name.contains(where: \.isNewline) else {
                throw error("name", .invalidValue("must be 1 to 64 bytes on one line"))
            }
            return name
        }

        func polygon() throws(ConfigError) -> [NormalizedPoint] {
            guard let value = table["polygon"] else {
                throw error("polygon", .invalidValue("a zone needs a polygon: [[x, y], ...] in 0...1 of the frame"))
            }
            guard let items = value.array, items.count <= ZoneTableReader.maximumPolygonPoints else {
                throw error("polygon", .wrongType(
                    expected: "an array of at most \(ZoneTableReader.maximumPolygonPoints) [x, y] points", found: value.type.rawValue))
            }
            var points: [NormalizedPoint] = []
            for item in items {
                guard let point = Self.point(item) else {
                    throw error("polygon", .invalidValue("each point must be [x, y], two numbers"))
                }
                points.append(point)
            }
            if let problem = ZoneGeometry.polygonProblem(points) { throw error("polygon", .invalidValue(problem)) }
            return points
        }

        func point(_ key: String) throws(ConfigError) -> NormalizedPoint {
            guard let value = table[key] else { throw error(key, .invalidValue("a line needs \(key) = [x, y]")) }
            guard let point = Self.point(value) else { throw error(key, .invalidValue("must be [x, y], two numbers")) }
            guard (0...1).contains(point.x), (0...1).contains(point.y) else {
                throw error(key, .invalidValue("x and y must be from 0 to 1 (fractions of the frame), got [\(point.x), \(point.y)]"))
            }
            return point
        }

        private static func point(_ value: any TOMLValueConvertible) -> NormalizedPoint? {
            guard let pair = value.array, pair.count == 2,
                  let x = number(pair[0]), let y = number(pair[1]), x.isFinite, y.isFinite
            else { return nil }
            return NormalizedPoint(x: x, y: y)
        }

        private static func number(_ value: any TOMLValueConvertible) -> Double? {
            value.double ?? value.int.map(Double.init)
        }

        func classes() throws(ConfigError) -> [ClassReference]? {
            guard let value = table["classes"] else { return nil }
            guard let items = value.array, !items.isEmpty else {
                throw error("classes", .invalidValue("must be a non-empty array of class labels or ids, e.g. [\"person\", \"car\"]"))
            }
            var references: [ClassReference] = []
            for item in items {
                if let label = item.string {
                    references.append(.label(label))
                } else if let id = item.int, id >= 0 {
                    references.append(.id(id))
                } else {
                    throw error("classes", .invalidValue("each class must be a label or an id of at least 0"))
                }
            }
            return references
        }

        func minimumScore() throws(ConfigError) -> Float {
            guard let value = table["min_score"] else { return 0 }
            guard let score = Self.number(value), (0...1).contains(score) else {
                throw error("min_score", .invalidValue("must be a number from 0 to 1"))
            }
            return Float(score)
        }

        func anchor() throws(ConfigError) -> BoxAnchor {
            guard let value = table["anchor"] else { return .bottomCenter }
            guard let name = value.string, let anchor = BoxAnchor(rawValue: name) else {
                let names = BoxAnchor.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("anchor", .invalidValue("must be one of \(names)"))
            }
            return anchor
        }

        func frames(_ key: String) throws(ConfigError) -> Int? {
            guard let value = table[key] else { return nil }
            guard let frames = value.int, (1...1000).contains(frames) else {
                throw error(key, .invalidValue("must be a whole number of frames from 1 to 1000"))
            }
            return frames
        }
    }
}
