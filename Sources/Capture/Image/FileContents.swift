import Infer

/// Reads whole image files into one buffer that is kept between reads, so reading a stream of
/// similar files does not allocate per file. Files are read as every input is (`RegularFile`):
/// a FIFO, device or directory named `.jpg` is refused, and so is a file over `maximumBytes`.
struct FileContents {
    /// No photo or camera frame is this large: a 100-megapixel JPEG at the highest quality
    /// stays under 64 MiB.
    static let maximumBytes = 64 << 20

    private(set) var buffer: [UInt8] = []

    /// Reads the file at `path`; returns its size. The first `size` bytes of `buffer` hold the
    /// contents.
    mutating func read(path: String) throws(JPEGError) -> Int {
        do {
            return try RegularFile.read(path, limit: Self.maximumBytes, into: &buffer)
        } catch {
            throw JPEGError(.unreadableFile, message: error.reason, path: path)
        }
    }
}
