#if canImport(Glibc)
import Glibc
#endif

/// How every file yolo-edge is given is read: models, images, raw frames, configs, detection
/// and label files, calibration images.
///
/// Opened without blocking, so that a FIFO cannot hold the reader (an open for reading waits
/// for a writer otherwise); refused unless it is a regular file, since a device or a pipe may
/// never end; refused when larger than the caller's limit, before any memory is taken; then
/// read with plain `read(2)` into one exactly sized buffer (Foundation's `Data(contentsOf:)`
/// would hold the file twice and read a device until memory runs out).
public enum RegularFile {
    /// The whole file, at most `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(FileAccessError) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = try read(path, limit: limit, into: &bytes)
        if bytes.count != count { bytes.removeLast(bytes.count - count) }
        return bytes
    }

    /// Reads the file into the front of `buffer`, growing it only when the file is larger than
    /// any before (so that a stream of similar files allocates once); returns the file's size.
    public static func read(_ path: String, limit: Int, into buffer: inout [UInt8]) throws(FileAccessError) -> Int {
        let (descriptor, size) = try open(path, limit: limit)
        defer { close(descriptor) }
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: size) }
        var filled = 0
        while filled < size {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count > 0 {
                filled += count
            } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                throw count == 0
                    ? FileAccessError(.unreadable, path: path, reason: "ended after \(filled) of its \(size) bytes")
                    : failure(.unreadable, path, errno)
            }
        }
        return size
    }

    /// Opens `path` for reading without blocking and checks that it is a regular file of at
    /// most `limit` bytes; the caller closes the descriptor.
    public static func open(_ path: String, limit: Int) throws(FileAccessError) -> (descriptor: Int32, size: Int) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            throw failure(code == ENOENT || code == ENOTDIR ? .notFound : .unreadable, path, code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw failure(.unreadable, path, code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw FileAccessError(.notRegularFile, path: path, reason: "is \(kind(of: status.st_mode)), not a regular file")
        }
        let size = Int(status.st_size)
        guard size <= limit else {
            close(descriptor)
            throw FileAccessError(.tooLarge, path: path, reason: "is \(size) bytes, over the limit of \(limit) bytes")
        }
        return (descriptor, size)
    }

    /// What a file that is not a regular one is, for messages.
    public static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a regular file"
        }
    }

    private static func failure(_ kind: FileAccessError.Kind, _ path: String, _ code: Int32) -> FileAccessError {
        FileAccessError(kind, path: path, reason: kind == .notFound ? "no such file" : String(cString: strerror(code)))
    }
}
