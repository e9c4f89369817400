import Glibc

/// A capture device found on the system, with everything it offers.
public struct CameraDescription: Sendable, Equatable {
    public var path: String
    /// Stable names under /dev/v4l/by-id and /dev/v4l/by-path that point at `path`.
    public var aliases: [String]
    public var capabilities: DeviceCapabilities
    public var formats: [FormatDescription]
}

/// Finds the V4L2 capture devices on this machine.
public enum CameraDirectory {
    /// Every /dev/videoN that can capture video, in numeric order; nodes that cannot be
    /// opened or queried (metadata nodes, busy or vanished devices) are left out.
    public static func cameras() -> [CameraDescription] {
        let aliases = stableAliases()
        return videoNodes().compactMap { path in
            guard let device = try? V4L2Device(path: path),
                let capabilities = try? device.queryCapabilities(), capabilities.canCapture
            else { return nil }
            return CameraDescription(
                path: path, aliases: aliases[path, default: []], capabilities: capabilities,
                formats: (try? device.enumerateFormats()) ?? [])
        }
    }

    /// Describes one device, given by any path (a by-id symlink works).
    public static func describe(path: String) throws(CaptureFault) -> CameraDescription {
        let device = try V4L2Device(path: path)
        let capabilities = try device.queryCapabilities()
        return CameraDescription(
            path: path, aliases: [], capabilities: capabilities, formats: try device.enumerateFormats())
    }

    static func videoNodes() -> [String] {
        entries(of: "/dev")
            .compactMap { name in name.hasPrefix("video") ? Int(name.dropFirst(5)) : nil }
            .sorted()
            .map { "/dev/video\($0)" }
    }

    /// Maps each /dev/videoN to the by-id and by-path links that resolve to it.
    private static func stableAliases() -> [String: [String]] {
        var aliases: [String: [String]] = [:]
        for folder in ["/dev/v4l/by-id", "/dev/v4l/by-path"] {
            for name in entries(of: folder).sorted() {
                let link = "\(folder)/\(name)"
                if let target = resolvedPath(link) { aliases[target, default: []].append(link) }
            }
        }
        return aliases
    }

    private static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = string(fromCArray: entry.pointee.d_name)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
