/// Reads a model file whole, as every file input is read (`RegularFile`): never blocking on a
/// FIFO, refusing devices and directories, and refusing files over `ModelLimits.maxFileBytes`
/// before any memory is taken.
enum ModelFileBytes {
    static func read(path: String) throws(ModelLoadError) -> [UInt8] {
        do {
            return try RegularFile.read(path, limit: ModelLimits.maxFileBytes)
        } catch {
            switch error.kind {
            case .notFound: throw ModelLoadError(.fileNotFound, "\(path): no such model file")
            case .tooLarge: throw .unsupported(error.description)
            case .notRegularFile, .unreadable: throw ModelLoadError(.unreadable, error.description)
            }
        }
    }
}
