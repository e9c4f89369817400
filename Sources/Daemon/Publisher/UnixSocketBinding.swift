import Glibc
import NIOCore
import NIOPosix

/// How the daemon binds its listening Unix sockets (the protocol's and the HTTP endpoint's):
/// itself, not through NIO, because NIO unlinks the path of a socket it bound when the channel
/// closes, whoever's socket the path names by then. The file is remembered as a `SocketFile`, so
/// that only it is ever removed.
enum UnixSocketBinding {
    enum Failure: Error, Equatable {
        /// Another process listens on the path.
        case inUse
        /// The path is some other kind of file.
        case notASocket
        case cannot(String)
    }

    /// Removes a socket file nobody listens on; refuses a live socket or any other kind of file.
    static func removeStaleSocket(at path: String) async throws(Failure) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket }
        if let probe = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: path).get() {
            try? await probe.close()
            throw .inUse
        }
        unlink(path)
    }

    /// A listening socket bound at `path` with mode 0660 (only the owner and the socket's group
    /// may connect), and the file it made.
    static func bind(path: String) throws(Failure) -> (descriptor: Int32, file: SocketFile) {
        guard let address = try? SocketAddress(unixDomainSocketPath: path) else { throw .cannot("not a usable socket path") }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .cannot("cannot create a socket: \(String(cString: strerror(errno)))") }
        func fail(_ what: String) -> Failure {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .cannot("\(what): \(reason)")
        }
        guard address.withSockAddr({ Glibc.bind(descriptor, $0, socklen_t($1)) }) == 0 else { throw fail("cannot bind") }
        guard chmod(path, 0o660) == 0 else {
            unlink(path)
            throw fail("cannot set mode 0660")
        }
        guard listen(descriptor, 256) == 0 else {
            unlink(path)
            throw fail("cannot listen")
        }
        // Taken after the chmod, which sets the change time that is part of the identity.
        guard let file = SocketFile(boundAt: path) else {
            close(descriptor)
            throw .cannot("the socket file was gone right after it was bound")
        }
        return (descriptor, file)
    }
}
