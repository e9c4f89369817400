/// A Python literal as `repr()` writes it: what Ultralytics stores as its
/// model metadata (`{'names': {0: 'person', ...}, 'imgsz': [640, 640]}`).
///
/// Parsed by a small recursive-descent parser, never evaluated.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case none
    /// Lists and tuples.
    case list([PythonLiteral])
    /// Key/value pairs in file order.
    case dict([(key: PythonLiteral, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.none, .none): true
        case (.list(let a), .list(let b)): a == b
        case (.dict(let a), .dict(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value of `key` in a dict with string keys.
    subscript(key: String) -> PythonLiteral? {
        guard case .dict(let pairs) = self else { return nil }
        return pairs.first { $0.key == .string(key) }?.value
    }

    struct SyntaxError: Error, Equatable {
        var offset: Int
        var problem: String
    }

    /// Parses exactly one literal (surrounding whitespace allowed).
    static func parse(_ text: String) throws(SyntaxError) -> PythonLiteral {
        var parser = PythonLiteralParser(Array(text.unicodeScalars))
        let value = try parser.value(depth: 0)
        try parser.expectEnd()
        return value
    }
}

private struct PythonLiteralParser {
    /// Deeper nesting is not metadata; the limit keeps recursion bounded.
    private static let maxDepth = 32

    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private func error(_ problem: String) -> PythonLiteral.SyntaxError {
        .init(offset: position, problem: problem)
    }

    private mutating func skipWhitespace() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipWhitespace()
        return position < scalars.count ? scalars[position] : nil
    }

    private mutating func consume(_ expected: Unicode.Scalar) -> Bool {
        guard peek() == expected else { return false }
        position += 1
        return true
    }

    mutating func expectEnd() throws(PythonLiteral.SyntaxError) {
        guard peek() == nil else { throw error("unexpected text after the literal") }
    }

    mutating func value(depth: Int) throws(PythonLiteral.SyntaxError) -> PythonLiteral {
        guard depth < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth)") }
        guard let first = peek() else { throw error("unexpected end") }
        switch first {
        case "{": return try dict(depth: depth)
        case "[": return .list(try sequence(closing: "]", depth: depth))
        case "(": return .list(try sequence(closing: ")", depth: depth))
        case "'", "\"": return .string(try string())
        default: return try word()
        }
    }

    private mutating func dict(depth: Int) throws(PythonLiteral.SyntaxError) -> PythonLiteral {
        position += 1  // "{"
        var pairs: [(key: PythonLiteral, value: PythonLiteral)] = []
        while !consume("}") {
            let key = try value(depth: depth + 1)
            guard consume(":") else { throw error("expected ':' in dict") }
            pairs.append((key, try value(depth: depth + 1)))
            guard consume(",") || peek() == "}" else { throw error("expected ',' or '}' in dict") }
        }
        return .dict(pairs)
    }

    private mutating func sequence(
        closing: Unicode.Scalar, depth: Int
    ) throws(PythonLiteral.SyntaxError) -> [PythonLiteral] {
        position += 1  // "[" or "("
        var elements: [PythonLiteral] = []
        while !consume(closing) {
            elements.append(try value(depth: depth + 1))
            guard consume(",") || peek() == closing else { throw error("expected ',' or '\(closing)'") }
        }
        return elements
    }

    private mutating func string() throws(PythonLiteral.SyntaxError) -> String {
        let quote = scalars[position]
        position += 1
        var text = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == quote { return String(text) }
            if scalar == "\n" { throw error("line break inside a string") }
            text.append(scalar == "\\" ? try escape() : scalar)
        }
        throw error("unterminated string")
    }

    /// The character after a backslash (the backslash is already consumed).
    private mutating func escape() throws(PythonLiteral.SyntaxError) -> Unicode.Scalar {
        guard position < scalars.count else { throw error("unterminated escape") }
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "x": return try hexScalar(digits: 2)
        case "u": return try hexScalar(digits: 4)
        case "U": return try hexScalar(digits: 8)
        default: return scalar  // \\, \', \" and unknown escapes keep the character
        }
    }

    private mutating func hexScalar(digits: Int) throws(PythonLiteral.SyntaxError) -> Unicode.Scalar {
        guard digits <= scalars.count - position else { throw error("truncated hex escape") }
        let hex = String(String.UnicodeScalarView(scalars[position..<(position + digits)]))
        position += digits
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            throw error("invalid hex escape '\(hex)'")
        }
        return scalar
    }

    /// Numbers and the keywords True, False, None.
    private mutating func word() throws(PythonLiteral.SyntaxError) -> PythonLiteral {
        let start = position
        while position < scalars.count,
            scalars[position].properties.isAlphabetic || ("0"..."9").contains(scalars[position])
                || "+-._".unicodeScalars.contains(scalars[position])
        {
            position += 1
        }
        let word = String(String.UnicodeScalarView(scalars[start..<position]))
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            let digits = String(word.filter { $0 != "_" })
            if let integer = Int(digits) { return .integer(integer) }
            if let float = Double(digits) { return .float(float) }
            position = start
            throw error(word.isEmpty ? "unexpected character" : "unknown word '\(word)'")
        }
    }
}
