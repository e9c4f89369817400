import SystemPackage

/// Standard output for lines that several tasks print at once (`watch` on several sockets):
/// each line goes out in one `write`, unbuffered, so lines never interleave or wait in a
/// buffer when piped into another program.
package enum StandardOutput {
    /// A closed stdout loses the line; the caller notices nothing.
    @Sendable package static func writeLine(_ text: String) {
        _ = try? FileDescriptor.standardOutput.writeAll((text + "\n").utf8)
    }
}
