import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TestSupport
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    /// The real `yolo-edge run` (real model, looped `images:` source) with 50 clients, 10 of
    /// which never read, for a minute: the 40 readers keep up and the daemon's resident memory
    /// stays flat.
    @Suite struct SoakTests {
        /// One minute unless `YOLO_EDGE_SOAK_SECONDS` asks for a longer soak
        /// (system-tests/soak/slow-clients.sh).
        static let duration = ProcessInfo.processInfo.environment["YOLO_EDGE_SOAK_SECONDS"].flatMap(Double.init) ?? 60
        /// Seconds of the run before the daemon's RSS counts. By then everything that is allocated
        /// once has been: the engine's arena at load, the decoder's and the 50 connections'
        /// buffers with the first frames, the allocator's per-thread arenas, and the stuck
        /// clients' queues, full after `queue_length` (64) frames: 16 s at the 4 frames per second
        /// a debug build reaches on a busy 2-core machine, under 4 s for a release build.
        static let warmUp = 20.0

        @Test func fiftyClientsTenNeverRead() async throws {
            try ReferenceData.require(binary: true)
            // Stuck clients stay connected for the whole run, so their full queues are part of the
            // memory that must stay bounded.
            let daemon = try DaemonProcess(
                config: "[clients]\nstall_timeout = 3600\n[health]\nstatus_interval = 1\n",
                arguments: [
                    "--model", ReferenceData.fullIntegerModel.path, "--threads", "2",
                    "--source", "images:\(ReferenceData.validationImages.path):loop",
                ])
            try await daemon.waitForFirstFrame()

            var stuck: [ClientConnection] = []
            for _ in 0..<10 {
                stuck.append(try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(unixDomainSocketPath: daemon.socketPath) { channel in
                        channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
                    })
            }
            let readers = (0..<40).map { _ in ReaderTally() }
            let start = Date()
            let deadline = start.addingTimeInterval(Self.duration)
            var residentSizes: [Int] = []
            let socket = daemon.socketPath
            try await withThrowingTaskGroup(of: Void.self) { group in
                for reader in readers {
                    group.addTask {
                        try await readProtocolLines(socket: socket, timeout: Self.duration + 30) {
                            reader.count($0, until: deadline)
                        }
                    }
                }
                while Date() < deadline {
                    try await Task.sleep(for: .seconds(1))
                    if Date().timeIntervalSince(start) > Self.warmUp, let bytes = daemon.residentBytes() {
                        residentSizes.append(bytes)
                    }
                }
                try await group.waitForAll()
            }

            let frames = readers[0].totals.frames
            #expect(frames >= Int(Self.duration), "at least one frame a second, else the soak proves little: \(frames)")
            for reader in readers {
                let (frames, overflows, span) = reader.totals
                #expect(overflows == 0, "a reader lost messages")
                #expect(Double(frames) >= 0.95 * Double(span), "a reader missed frames: \(frames) of \(span)")
            }
            let growth = (residentSizes.max() ?? 0) - (residentSizes.min() ?? 0)
            let mebibytes = residentSizes.map { String(format: "%.1f", Double($0) / 1048576) }
            print("soak: \(frames) frames per reader in \(Self.duration) s; daemon VmRSS after warm-up (MiB): \(mebibytes.joined(separator: " "))")
            #expect(residentSizes.count >= Int(Self.duration - Self.warmUp) - 2)
            #expect(growth <= 2 << 20, "RSS grew by \(growth) bytes after warm-up")

            for connection in stuck { try? await connection.channel.close() }
            #expect(daemon.terminate() != nil)
            #expect(daemon.terminationStatus == 0, "\(daemon.log)")
        }
    }
}

/// Counts a reader's lines without keeping them, so the reader's own memory stays flat.
final class ReaderTally: Sendable {
    private struct Counts {
        var frames = 0
        var overflows = 0
        var firstSeq: Int?
        var lastSeq = 0
    }

    private let counts = Mutex(Counts())

    func count(_ line: String, until deadline: Date) -> Bool {
        if line.hasPrefix(#"{"type":"overflow""#) { counts.withLock { $0.overflows += 1 } }
        if line.hasPrefix(#"{"type":"detections","seq":"#) {
            let seq = Int(line.dropFirst(26).prefix { $0.isNumber }) ?? 0
            counts.withLock { counts in
                counts.frames += 1
                counts.firstSeq = counts.firstSeq ?? seq
                counts.lastSeq = seq
            }
        }
        return Date() < deadline
    }

    /// Frames received, overflow lines, and the number of frames published while connected.
    var totals: (frames: Int, overflows: Int, span: Int) {
        counts.withLock { ($0.frames, $0.overflows, $0.lastSeq - ($0.firstSeq ?? $0.lastSeq) + 1) }
    }
}
