#if canImport(Glibc)
import Glibc
#endif

/// Writes a file whole or not at all, as `convert -o` promises: the bytes go to a new file in
/// the target's folder, which is renamed over the target once written and synced, so a reader
/// sees the old file or the new one, never part of either.
///
/// A symbolic link is followed, as `cp` and a shell's `>` do: the file it points to is
/// replaced (or created) and the link stays a link. Anything at the path that is not a
/// regular file (a device, a FIFO, a directory, a socket) is refused, never replaced.
public enum ReplacingFileWriter {
    /// Links followed before giving up, as the kernel's own limit (ELOOP).
    static let maxLinkHops = 40

    /// - Returns: the path written, after following links.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) throws(FileAccessError) -> String {
        let target = try resolveLinks(path)
        var status = stat()
        var mode: mode_t = 0o644
        if lstat(target, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw FileAccessError(
                    .notRegularFile, path: path,
                    reason: "is \(RegularFile.kind(of: status.st_mode)); refusing to replace anything but a regular file")
            }
            mode = status.st_mode & 0o7777
        }
        let temporary = target + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(path, "cannot create \(temporary)", errno) }
        do throws(FileAccessError) {
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw failure(path, "cannot be written", errno) }
                written += count
            }
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else { throw failure(path, "cannot be written", errno) }
            guard close(descriptor) == 0 else {
                unlink(temporary)
                throw failure(path, "cannot be written", errno)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, "cannot replace \(target)", code)
        }
        return target
    }

    /// The path with every symbolic link along its last component followed.
    private static func resolveLinks(_ path: String) throws(FileAccessError) -> String {
        var current = path
        for _ in 0..<maxLinkHops {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, Int(PATH_MAX))
            guard length > 0 else { throw failure(path, "cannot read the link \(current)", errno) }
            let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if destination.hasPrefix("/") {
                current = destination
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + destination
            } else {
                current = destination
            }
        }
        throw FileAccessError(.unreadable, path: path, reason: "has more than \(maxLinkHops) levels of symbolic links")
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32) -> FileAccessError {
        FileAccessError(.unreadable, path: path, reason: "\(what) (\(String(cString: strerror(code))))")
    }
}
