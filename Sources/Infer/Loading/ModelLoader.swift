/// Loads a model file of any supported format into a validated `Graph`.
public enum ModelLoader {
    /// The formats `load` recognises by content.
    public enum Format: Sendable, Equatable {
        case tflite
        /// The engine's own format (`ModelFileWriter`).
        case yem
    }

    /// The format of `bytes`, judged by content alone (never by extension):
    /// TFLite's identifier "TFL3" at bytes 4..<8, or the `.yem` magic.
    public static func detectFormat(_ bytes: [UInt8]) -> Format? {
        if ModelFileReader.recognizes(bytes) { return .yem }
        if TFLiteModelReader.recognizes(bytes) { return .tflite }
        return nil
    }

    public static func load(path: String) throws(ModelLoadError) -> Graph {
        let bytes = try ModelFileBytes.read(path: path)
        do throws(ModelLoadError) {
            switch detectFormat(bytes) {
            case .tflite: return try TFLiteModelReader.read(bytes)
            case .yem: return try ModelFileReader.read(bytes)
            case nil:
                throw ModelLoadError(
                    .unknownFormat, "neither a TFLite model nor a .yem model (\(bytes.count) bytes)")
            }
        } catch {
            throw error.within(path)
        }
    }
}
