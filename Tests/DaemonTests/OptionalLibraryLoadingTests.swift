import Foundation
import TestSupport
import Testing

/// `yolo-edge run` keeps resident only what its config uses: libmosquitto, with the libssl and
/// libcrypto it brings, is mapped only when `[mqtt]` is enabled, and the socket clients and HTTP
/// share one NIO event loop thread.
@Suite(.serialized) struct OptionalLibraryLoadingTests {
    static let mqttLibraries = ["libmosquitto.so", "libssl.so", "libcrypto.so"]

    static func daemonArguments() -> [String] {
        ["--threads", "1", "--model", ReferenceData.fullIntegerModel.path,
         "--source", "images:" + ReferenceData.validationImages.path + ":loop"]
    }

    /// The files the process has mapped, by name.
    static func mappedFiles(_ pid: Int32) throws -> Set<String> {
        // Read to the end: String(contentsOfFile:) returned only the start of this file, whose
        // size reads as 0.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(pid)/maps"))
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        return Set(maps.split(separator: "\n").compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first
                .map { String($0.split(separator: "/").last ?? $0) }
        })
    }

    static func threadNames(_ pid: Int32) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").map { task in
            try String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test func withoutMQTTNoMosquittoOrOpenSSLIsMappedAndOneEventLoopRuns() async throws {
        try ReferenceData.require(binary: true)
        let daemon = try DaemonProcess(arguments: Self.daemonArguments())
        try await daemon.waitForFirstFrame()
        let files = try Self.mappedFiles(daemon.pid)
        for library in Self.mqttLibraries {
            #expect(!files.contains { $0.hasPrefix(library) }, "\(library) mapped: \(files.sorted())")
        }
        #expect(files.contains { $0.hasPrefix("libturbojpeg.so") }, "the maps were not read: \(files.sorted())")
        // NIO names the threads of its shared group NIO-SGLTN-<group>-#<loop>.
        let loops = try Self.threadNames(daemon.pid).filter { $0.hasPrefix("NIO-SGLTN") }
        #expect(loops.count == 1, "\(loops)")
    }

    @Test func withMQTTLibmosquittoIsLoaded() async throws {
        try ReferenceData.require(binary: true)
        // Nothing listens on port 1: the client keeps reconnecting, which does not matter here.
        let daemon = try DaemonProcess(
            config: "[mqtt]\nenabled = true\nhost = \"127.0.0.1\"\nport = 1\n", arguments: Self.daemonArguments())
        try await daemon.waitForFirstFrame()
        let files = try Self.mappedFiles(daemon.pid)
        #expect(files.contains { $0.hasPrefix("libmosquitto.so") }, "\(files.sorted())\n\(daemon.log)")
    }
}
