import Glibc

/// Reads whole files into one buffer that is kept between reads, so reading
/// a stream of similar files does not allocate per file.
struct FileContents {
    private(set) var buffer: [UInt8] = []

    /// Reads the file at `path`; returns its size. The first `size` bytes of
    /// `buffer` hold the contents.
    mutating func read(path: String) throws(JPEGError) -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure(path) }
        let size = Int(status.st_size)
        if buffer.count < size { buffer = Array(repeating: 0, count: size) }
        var filled = 0
        while filled < size {
            let count = buffer.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + filled, size - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw count == 0
                    ? JPEGError(.unreadableFile, message: "file shrank while reading", path: path)
                    : Self.failure(path)
            }
            filled += count
        }
        return size
    }

    private static func failure(_ path: String) -> JPEGError {
        JPEGError(.unreadableFile, message: String(cString: strerror(errno)), path: path)
    }
}
