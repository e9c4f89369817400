// Temporary: the loader API contract, until that branch merges.
public enum ModelLoader { public static func load(path: String) throws -> Graph { fatalError() } }
