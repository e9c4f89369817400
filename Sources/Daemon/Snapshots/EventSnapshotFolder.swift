import Glibc
import Infer

/// The folder where the frames on which events fired are saved, with bounded retention: past
/// `maxFiles` files or `maxBytes` bytes, the oldest of its `event-*.jpg` files are deleted.
///
/// Files are named `event-<capture wall-clock µs, 16 digits>-<seq>.jpg`, so names sort in
/// capture order across restarts, and a client finds the file of an `event` line by its `seq`.
struct EventSnapshotFolder: Sendable {
    let path: String
    let maxFiles: Int
    let maxBytes: Int

    func save(_ jpeg: [UInt8], wallClockNanoseconds: UInt64, seq: UInt64) throws(FileAccessError) {
        let micros = String(wallClockNanoseconds / 1000)
        let name = "event-" + String(repeating: "0", count: max(0, 16 - micros.count)) + micros + "-\(seq).jpg"
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw FileAccessError(.unreadable, path: path, reason: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
        _ = try ReplacingFileWriter.write(jpeg, to: path + "/" + name)
        prune()
    }

    /// Deletes the oldest event files past the limits. Only names this folder writes are touched.
    private func prune() {
        guard let directory = opendir(path) else { return }
        var files: [(name: String, bytes: Int)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix("event-"), name.hasSuffix(".jpg") else { continue }
            var info = stat()
            guard stat(path + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            files.append((name, Int(info.st_size)))
        }
        closedir(directory)
        files.sort { $0.name < $1.name }
        var count = files.count
        var bytes = files.reduce(0) { $0 + $1.bytes }
        for file in files where count > maxFiles || bytes > maxBytes {
            if unlink(path + "/" + file.name) == 0 {
                count -= 1
                bytes -= file.bytes
            }
        }
    }
}
