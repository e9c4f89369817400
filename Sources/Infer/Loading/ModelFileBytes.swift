#if canImport(Glibc)
import Glibc
#endif

/// Reads a model file into one exactly sized array with `open`/`fstat`/`read`.
///
/// Not Foundation's `Data(contentsOf:)`: that holds the file twice while it
/// becomes an array (the peak-memory high-water mark of a load), and its code
/// and FileManager's add resident pages to every process that loads a model.
enum ModelFileBytes {
    /// The whole file. Devices, pipes and directories are refused, since they
    /// may never end; so are files over `ModelLimits.maxFileBytes`.
    static func read(path: String) throws(ModelLoadError) -> [UInt8] {
        // Non-blocking, so that opening a FIFO returns instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw ModelLoadError(.fileNotFound, "\(path): no such model file")
            }
            throw ModelLoadError(.unreadable, "\(path): cannot be read (\(describe(code)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ModelLoadError(.unreadable, "\(path): cannot be read (\(describe(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ModelLoadError(.unreadable, "\(path): is not a regular file")
        }
        let size = Int(status.st_size)
        guard size <= ModelLimits.maxFileBytes else {
            throw .unsupported("\(path): \(size) bytes exceed the limit of \(ModelLimits.maxFileBytes) bytes")
        }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if got > 0 {
                    count += got
                } else if got < 0, errno == EINTR {
                    continue
                } else {
                    failure = got < 0 ? errno : 0
                    return
                }
            }
        }
        guard bytes.count == size else {
            let reason = failure != 0 ? describe(failure) : "it ended after \(bytes.count) of \(size) bytes"
            throw ModelLoadError(.unreadable, "\(path): cannot be read (\(reason))")
        }
        return bytes
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
