import FoundationEssentials

/// Any JSON value, for the protocol lines whose shape is checked by hand: a client's
/// `subscribe` request (every field named in its error) and the lines `watch` and `status`
/// print for people.
///
/// FoundationEssentials' `JSONDecoder` parses; this type only keeps what it read.
/// (`JSONSerialization`, which returns `Any`, lives in full Foundation, which yolo-edge does
/// not link: docs/measurements.md.)
package enum JSONValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses one JSON text; nil if it is not valid JSON.
    package init?(parsing text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    package init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        if let object = try? decoder.container(keyedBy: Key.self) {
            var values: [String: JSONValue] = [:]
            for key in object.allKeys { values[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(values)
            return
        }
        let single = try decoder.singleValueContainer()
        // Booleans first: a JSON `true` must never read as the number 1.
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .null: try single.encodeNil()
        case .bool(let bool): try single.encode(bool)
        case .number(let number): try single.encode(number)
        case .string(let string): try single.encode(string)
        case .array(let array): try single.encode(array)
        case .object(let object): try single.encode(object)
        }
    }

    /// One line of compact JSON with sorted keys.
    package var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    package subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    package var string: String? {
        if case .string(let string) = self { string } else { nil }
    }

    package var number: Double? {
        if case .number(let number) = self { number } else { nil }
    }

    package var bool: Bool? {
        if case .bool(let bool) = self { bool } else { nil }
    }

    package var array: [JSONValue]? {
        if case .array(let array) = self { array } else { nil }
    }

    package var object: [String: JSONValue]? {
        if case .object(let object) = self { object } else { nil }
    }

    /// The value as a person reads it: strings bare, whole numbers without a fraction.
    package var description: String {
        switch self {
        case .string(let string): string
        case .number(let number): Int64(exactly: number).map(String.init) ?? "\(number)"
        default: jsonText
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
