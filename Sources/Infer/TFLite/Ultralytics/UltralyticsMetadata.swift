/// Ultralytics' exporter appends a ZIP archive holding `temp_meta.txt`, the
/// `repr()` of a dict with 'description', 'names' ({0: 'person', ...}),
/// 'imgsz', 'stride' and more. The metadata is optional: when it is
/// missing or unreadable the model simply has no class names.
package enum UltralyticsMetadata {
    static let entryName = "temp_meta.txt"

    static func read(from file: [UInt8]) -> ModelMetadata {
        guard let entry = StoredZipEntry.contents(of: entryName, in: file),
            let text = String(validating: entry, as: UTF8.self),
            let literal = try? PythonLiteral.parse(text)
        else { return ModelMetadata() }
        return metadata(from: literal)
    }

    /// The metadata of a model whose class names are the Python literal `names` (as ONNX
    /// exports store them in `metadata_props`), and whose description is `description`.
    package static func metadata(namesLiteral names: String?, description: String) -> ModelMetadata {
        var literal: PythonLiteral?
        if let names { literal = try? PythonLiteral.parse(names) }
        return ModelMetadata(classNames: classNames(literal), description: description)
    }

    static func metadata(from literal: PythonLiteral) -> ModelMetadata {
        var description = ""
        if case .string(let text)? = literal["description"] { description = text }
        return ModelMetadata(classNames: classNames(literal["names"]), description: description)
    }

    /// Names from `{0: 'person', 1: 'bicycle'}` (ids must be exactly
    /// 0..<count) or from a plain list; otherwise none.
    private static func classNames(_ names: PythonLiteral?) -> [String] {
        switch names {
        case .list(let elements)?:
            return strings(elements) ?? []
        case .dict(let pairs)?:
            var byID = [String?](repeating: nil, count: pairs.count)
            for (key, value) in pairs {
                guard case .integer(let id) = key, byID.indices.contains(id), byID[id] == nil,
                    case .string(let name) = value
                else { return [] }
                byID[id] = name
            }
            return byID.compactMap { $0 }
        default:
            return []
        }
    }

    private static func strings(_ elements: [PythonLiteral]) -> [String]? {
        var names: [String] = []
        for element in elements {
            guard case .string(let name) = element else { return nil }
            names.append(name)
        }
        return names
    }
}
