import Glibc

/// The JPEG files (`.jpg`, `.jpeg`, any case) directly in a directory,
/// sorted by name; other files and subdirectories are ignored.
func jpegFiles(inDirectory directory: String) throws(CaptureFault) -> [String] {
    guard let stream = opendir(directory) else {
        throw .cannotOpen(path: directory, errno: errno)
    }
    defer { closedir(stream) }
    var paths: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let lowered = name.lowercased()
        guard lowered.hasSuffix(".jpg") || lowered.hasSuffix(".jpeg") else { continue }
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { paths.append(path) }
    }
    guard !paths.isEmpty else {
        throw .noUsableFormat("\(directory) holds no .jpg or .jpeg files")
    }
    return paths.sorted()
}
