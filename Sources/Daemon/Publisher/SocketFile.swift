import Glibc

/// The socket file this daemon bound, known by its device, inode and change time, so that the
/// daemon removes only its own: after `rm` and another daemon's bind at the same path, the
/// path is someone else's socket, which must outlive this process. The change time is part of
/// the identity because a file system reuses a deleted file's inode number at once (tmpfs
/// does); a `chmod` of the socket changes it too, and reads as a replaced socket.
struct SocketFile: Sendable, Equatable {
    let path: String
    private let device: UInt64
    private let inode: UInt64
    private let changedSeconds: Int
    private let changedNanoseconds: Int

    /// The socket now at `path`, as it is now (take it after setting its mode); nil if there
    /// is none.
    init?(boundAt path: String) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK else { return nil }
        self.path = path
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        changedSeconds = Int(status.st_ctim.tv_sec)
        changedNanoseconds = Int(status.st_ctim.tv_nsec)
    }

    /// Whether `path` still names this socket (not deleted, not replaced).
    var isInPlace: Bool { SocketFile(boundAt: path) == self }

    /// Unlinks the path if it still names this socket; anything else there is left alone.
    /// - Returns: whether it was removed.
    @discardableResult
    func removeIfInPlace() -> Bool {
        isInPlace && unlink(path) == 0
    }
}
