import Track

/// Where a config value was written, so that a problem found later (a class the model does not
/// know) still names the file and line.
package struct ConfigLocation: Equatable, Sendable {
    package var origin: String
    package var line: Int?
}

/// A class named in the config: by the model's label or by id. Labels are checked against the
/// model when the pipeline is built, since the config is read before the model.
package enum ClassReference: Equatable, Sendable {
    case label(String)
    case id(Int)
}

/// A `[[zones]]` or `[[lines]]` table's class filter, kept unresolved until the model is known.
protocol ClassFilterConfig {
    var classes: [ClassReference]? { get }
    /// The `classes` key (or the table, if the key is absent).
    var classesLocation: ConfigLocation { get }
    /// `zones[N]` or `lines[N]`, for errors.
    var key: String { get }
}

extension ClassFilterConfig {
    /// The class ids of the filter among the model's classes, or nil for all.
    /// - Throws: a `ConfigError` at `classesLocation` naming the first unknown class.
    func classIDs(among classNames: [String]) throws(ConfigError) -> Set<Int>? {
        try ClassReference.resolve(classes, classNames: classNames, key: "\(key).classes", location: classesLocation)
    }
}

/// One `[[zones]]` table.
package struct ZoneConfig: Equatable, Sendable, ClassFilterConfig {
    package var definition: ZoneDefinition
    package var classes: [ClassReference]?
    package var classesLocation: ConfigLocation
    package var key: String
}

/// One `[[lines]]` table.
package struct LineConfig: Equatable, Sendable, ClassFilterConfig {
    package var definition: LineDefinition
    package var classes: [ClassReference]?
    package var classesLocation: ConfigLocation
    package var key: String
}

extension ClassReference {
    /// Resolves references against the model's class names.
    /// - Throws: a `ConfigError` at `location` naming the first unknown class.
    static func resolve(
        _ references: [ClassReference]?, classNames: [String], key: String, location: ConfigLocation
    ) throws(ConfigError) -> Set<Int>? {
        guard let references else { return nil }
        var ids = Set<Int>()
        for reference in references {
            switch reference {
            case .label(let label):
                guard let id = classNames.firstIndex(of: label) else {
                    throw ConfigError(
                        origin: location.origin, line: location.line, key: key,
                        problem: .invalidValue("the model has no class '\(label)'"))
                }
                ids.insert(id)
            case .id(let id):
                guard classNames.indices.contains(id) else {
                    throw ConfigError(
                        origin: location.origin, line: location.line, key: key,
                        problem: .invalidValue("class id \(id) is not one of the model's 0 to \(classNames.count - 1)"))
                }
                ids.insert(id)
            }
        }
        return ids
    }
}
