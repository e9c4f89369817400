import CV4L2
import Glibc

/// An open V4L2 device node, accessed through libv4l2 so that cameras with exotic
/// formats still work through its software conversion. Closes the node on deinit.
final class V4L2Device {
    let path: String
    let descriptor: Int32

    /// Opens `path` (a /dev/videoN node or a /dev/v4l/by-id symlink to one) non-blocking.
    init(path: String) throws(CaptureFault) {
        let descriptor = cv4l2_open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        v4l2_close(descriptor)
    }

    /// Performs an ioctl, retrying when interrupted by a signal.
    func ioctl<Argument>(
        _ request: UInt, _ name: String, _ argument: inout Argument
    ) throws(CaptureFault) {
        while withUnsafeMutableBytes(of: &argument, { cv4l2_ioctl(descriptor, request, $0.baseAddress) }) < 0 {
            let code = errno
            if code != EINTR { throw .callFailed(call: name, errno: code) }
        }
    }
}

extension CaptureFault {
    /// True when an enumeration ioctl reports that there are no more entries.
    var isEndOfEnumeration: Bool {
        if case .callFailed(_, EINVAL) = self { return true }
        return false
    }
}
