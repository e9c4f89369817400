
/// Finds the line on which a key is written.
///
/// TOMLKit reports line numbers for syntax errors only, not for the values it parsed, so the
/// loader scans the raw text itself: it tracks `[section]` headers and matches `key =` (or the
/// dotted `section.key =` form) at the start of a line. That covers every layout the example
/// config uses; for anything it cannot place it returns nil and the error has no line.
struct TOMLKeyLocator {
    private let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// - Parameters:
    ///   - key: the key's name inside its table.
    ///   - section: the table it belongs to, or nil for the top level.
    func line(ofKey key: String, inSection section: String?) -> Int? {
        var currentSection: String?
        for (index, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                currentSection = Self.header(line)
                continue
            }
            if currentSection == section, Self.assigns(line, key: key) { return index + 1 }
            if currentSection == nil, let section, Self.assigns(line, key: "\(section).\(key)") { return index + 1 }
        }
        return nil
    }

    /// The line of `key` in the `index`-th (from 0) `[[array]]` table of an array of tables.
    func line(ofKey key: String, inArrayTable array: String, index: Int) -> Int? {
        guard let header = line(ofArrayTable: array, index: index) else { return nil }
        for (offset, raw) in lines[header...].enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") { break }
            if Self.assigns(line, key: key) { return header + offset + 1 }
        }
        return nil
    }

    /// The line of the `index`-th (from 0) `[[array]]` header.
    func line(ofArrayTable array: String, index: Int) -> Int? {
        var seen = 0
        for (number, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("[["), Self.header(line) == array else { continue }
            if seen == index { return number + 1 }
            seen += 1
        }
        return nil
    }

    /// The line of a `[section]` header, or of a top-level `section = ...` assignment.
    func line(ofSection section: String) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("["), Self.header(line) == section { return index + 1 }
        }
        return self.line(ofKey: section, inSection: nil)
    }

    private static func header(_ line: Substring) -> String {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        var inner = line.drop { $0 == "[" }.prefix { $0 != "]" }.drop(while: isBlank)
        while let last = inner.last, isBlank(last) { inner.removeLast() }
        return String(inner)
    }

    private static func assigns(_ line: Substring, key: String) -> Bool {
        var rest = line
        for candidate in [key, "\"\(key)\""] where rest.hasPrefix(candidate) {
            rest = rest.dropFirst(candidate.count)
            return rest.drop { $0 == " " || $0 == "\t" }.hasPrefix("=")
        }
        return false
    }
}
