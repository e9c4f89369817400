/// Reads the class names Ultralytics writes into ONNX `metadata_props`:
/// `names` holds a Python dict literal such as `{0: 'person', 1: "bicycle"}`.
enum UltralyticsMetadata {
    /// Class names ordered by id; empty when the model has no `names` entry.
    static func classNames(from metadata: [String: String]) throws(ONNXError) -> [String] {
        guard let literal = metadata["names"] else { return [] }
        var parser = DictLiteralParser(text: Array(literal.unicodeScalars))
        guard let entries = parser.parse() else {
            throw .unsupportedModel("metadata 'names' is not a dict literal of id: 'name' pairs")
        }
        let byID = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        guard byID.count == entries.count, let maxID = byID.keys.max(), byID.keys.min() == 0,
            maxID == byID.count - 1
        else {
            throw .unsupportedModel("metadata 'names' ids are not 0..<\(entries.count) without gaps")
        }
        return (0...maxID).map { byID[$0]! }
    }
}

/// A parser for the small subset of Python literals Ultralytics emits:
/// `{int: 'str', ...}` with single- or double-quoted strings and backslash escapes.
private struct DictLiteralParser {
    let text: [Unicode.Scalar]
    var position = 0

    mutating func parse() -> [(Int, String)]? {
        guard consume("{") else { return nil }
        var entries: [(Int, String)] = []
        skipSpaces()
        if consume("}") { return atEnd() ? entries : nil }
        while true {
            guard let key = integer(), consume(":"), let value = string() else { return nil }
            entries.append((key, value))
            if consume(",") {
                skipSpaces()
                if consume("}") { break }  // trailing comma
                continue
            }
            guard consume("}") else { return nil }
            break
        }
        return atEnd() ? entries : nil
    }

    private mutating func atEnd() -> Bool {
        skipSpaces()
        return position == text.count
    }

    private mutating func skipSpaces() {
        while position < text.count, text[position].properties.isWhitespace { position += 1 }
    }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        skipSpaces()
        guard position < text.count, text[position] == character else { return false }
        position += 1
        return true
    }

    private mutating func integer() -> Int? {
        skipSpaces()
        var digits = ""
        while position < text.count, ("0"..."9").contains(text[position]), digits.count < 9 {
            digits.unicodeScalars.append(text[position])
            position += 1
        }
        return Int(digits)
    }

    private mutating func string() -> String? {
        skipSpaces()
        guard position < text.count, text[position] == "'" || text[position] == "\"" else { return nil }
        let quote = text[position]
        position += 1
        var value = String.UnicodeScalarView()
        while position < text.count {
            let scalar = text[position]
            position += 1
            if scalar == quote { return String(value) }
            if scalar == "\\" {
                guard position < text.count else { return nil }
                value.append(text[position])
                position += 1
            } else {
                value.append(scalar)
            }
        }
        return nil
    }
}
