import Glibc

/// Why a folder yielded no JPEG files.
public enum JPEGDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotList(directory: String, errno: Int32)
    case noJPEGFiles(directory: String)

    public var description: String {
        switch self {
        case .cannotList(let directory, let code): "cannot list \(directory): \(errorText(code))"
        case .noJPEGFiles(let directory): "\(directory) holds no .jpg or .jpeg files"
        }
    }
}

/// The JPEG files of a folder, as every command and source lists them: the regular files
/// (links followed) directly in it whose names end in `.jpg` or `.jpeg`, in any case, as
/// `directory/name` paths sorted by name. Subfolders and other files are skipped.
public enum JPEGDirectory {
    public static func files(in directory: String) throws(JPEGDirectoryError) -> [String] {
        guard let stream = opendir(directory) else {
            throw .cannotList(directory: directory, errno: errno)
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
        guard !paths.isEmpty else { throw .noJPEGFiles(directory: directory) }
        // Byte order, as Python's sorted() and the C locale's ls.
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
