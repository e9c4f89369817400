import SystemPackage

/// Standard error, written without buffering: each text goes out in one `write`, so lines
/// from threads that write at once stay whole.
package enum StandardError {
    /// A closed or full stderr loses the text and nothing else: the daemon keeps running.
    @Sendable package static func write(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }
}
