import Foundation

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
        let bytes = try readFile(path)
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

    /// The whole file: models are a few megabytes and every byte is used.
    /// Devices and pipes are refused, since they may never end.
    private static func readFile(_ path: String) throws(ModelLoadError) -> [UInt8] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ModelLoadError(.fileNotFound, "\(path): no such model file")
            }
            throw ModelLoadError(.unreadable, "\(path): cannot be read (\(error.localizedDescription))")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ModelLoadError(.unreadable, "\(path): is not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= ModelLimits.maxFileBytes else {
            throw ModelLoadError(
                .unsupported, "\(path): \(size) bytes exceed the limit of \(ModelLimits.maxFileBytes) bytes")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ModelLoadError(.unreadable, "\(path): cannot be read (\(error.localizedDescription))")
        }
    }
}
