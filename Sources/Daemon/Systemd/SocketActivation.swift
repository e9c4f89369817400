import CSystemd
import Glibc

/// Socket activation: a `.socket` unit opens the listening socket and passes it as fd 3.
enum SocketActivation {
    enum Failure: Error, CustomStringConvertible {
        case notAUnixStreamSocket(count: Int32)

        var description: String {
            switch self {
            case .notAUnixStreamSocket(let count):
                "systemd passed \(count) socket(s), but the first is not a listening Unix stream socket"
            }
        }
    }

    /// The listening socket systemd passed, or nil when the daemon was not socket-activated.
    /// Clears `LISTEN_FDS` so that no child process inherits it.
    static func passedSocket() throws(Failure) -> CInt? {
        let count = sd_listen_fds(1)
        guard count > 0 else { return nil }
        let descriptor = SD_LISTEN_FDS_START
        guard sd_is_socket_unix(descriptor, CInt(SOCK_STREAM.rawValue), 1, nil, 0) > 0 else {
            throw .notAUnixStreamSocket(count: count)
        }
        return descriptor
    }
}
