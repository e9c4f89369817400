import Glibc
import Infer

/// Reads whole fixed-size frames from a file descriptor, waiting on pipes without
/// blocking past a stop request, and rewinding regular files when asked to loop.
/// A FIFO is opened without waiting for its writer: the wait is the first frame's, which a
/// stop request (a timeout, SIGTERM) ends. Devices and directories are refused.
final class RawFrameReader {
    private let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let rewinds: Bool
    private let isRegular: Bool

    init(path: String, frameByteCount: Int, rewinds: Bool) throws(CaptureFault) {
        self.path = path
        self.rewinds = rewinds
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
            ownsDescriptor = true
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            if ownsDescriptor { close(descriptor) }
            throw .readFailed(path: path, errno: code)
        }
        isRegular = info.st_mode & S_IFMT == S_IFREG
        let isPipe = info.st_mode & S_IFMT == S_IFIFO
        // From here on the reader is whole, and its deinit closes the descriptor.
        guard isRegular || isPipe else {
            throw .noUsableFormat("\(path) is \(RegularFile.kind(of: info.st_mode)); raw frames come from a file or a pipe")
        }
        if rewinds && !isRegular {
            throw .noUsableFormat("\(path): looping needs a regular file, not a pipe")
        }
        if isRegular && info.st_size < frameByteCount {
            throw .noUsableFormat("\(path) holds \(info.st_size) bytes, less than one \(frameByteCount)-byte frame")
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Fills `frame` with the next frame; false at the end of the input or when stopped.
    func read(into frame: inout [UInt8], stop: StopSignal) throws(CaptureFault) -> Bool {
        var filled = 0
        while filled < frame.count {
            guard isRegular || waitReadable(stop: stop) else { return false }
            let count = frame.withUnsafeMutableBytes { bytes in
                Glibc.read(descriptor, bytes.baseAddress! + filled, bytes.count - filled)
            }
            if count > 0 {
                filled += count
            } else if count == 0 {
                // End of input: a trailing partial frame is dropped.
                guard rewinds, lseek(descriptor, 0, SEEK_SET) == 0 else { return false }
                filled = 0
            } else if errno != EINTR && errno != EAGAIN {
                // EAGAIN: a pipe read without blocking had nothing after all; wait again.
                throw .readFailed(path: path, errno: errno)
            }
        }
        return true
    }

    /// Waits for input on a pipe; false if stopped first.
    private func waitReadable(stop: StopSignal) -> Bool {
        var entries = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stop.descriptor, events: Int16(POLLIN), revents: 0),
        ]
        while poll(&entries, 2, -1) < 0 && errno == EINTR {}
        return entries[1].revents == 0
    }
}
