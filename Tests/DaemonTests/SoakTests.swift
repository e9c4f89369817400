import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    /// 50 clients, 10 of which never read, for a minute: the readers keep up and the memory stays
    /// flat. Too long for every test run; tests/soak/slow-clients.sh runs it with
    /// `YOLO_EDGE_SOAK_SECONDS` set.
    @Suite(.enabled(if: soakDuration != nil, "set YOLO_EDGE_SOAK_SECONDS to run the soak test"))
    struct SoakTests {
        static let warmUp = 15.0

        @Test func fiftyClientsTenNeverRead() async throws {
            let duration = try #require(soakDuration)
            let source = TestFrameSource(fps: 30)
            let detector = TestDetector(perFrame: 10)
            // Stuck clients stay connected for the whole run, so their full queues are part of the
            // memory that must stay bounded.
            let config = "[clients]\nstall_timeout = 3600\n[health]\nstatus_interval = 1\n"
            let daemon = try await DaemonHarness(configFile: config, source: source, detector: detector)
            #expect(await daemon.waitUntilReady())

            var stuck: [ClientConnection] = []
            for _ in 0..<10 {
                stuck.append(try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(unixDomainSocketPath: daemon.socketPath) { channel in
                        channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
                    })
            }
            let readers = (0..<40).map { _ in ReaderTally() }
            let deadline = Date(timeIntervalSinceNow: duration)
            var residentSizes: [Int] = []
            try await withThrowingTaskGroup(of: Void.self) { group in
                for reader in readers {
                    group.addTask {
                        try await daemon.readLines(timeout: duration + 30) { reader.count($0, until: deadline) }
                    }
                }
                let start = Date()
                while Date() < deadline {
                    try await Task.sleep(for: .seconds(1))
                    if Date().timeIntervalSince(start) > Self.warmUp { residentSizes.append(Self.residentBytes()) }
                }
                try await group.waitForAll()
            }

            for reader in readers {
                let (frames, overflows, span) = reader.totals
                #expect(overflows == 0, "a reader lost messages")
                #expect(Double(frames) >= 0.95 * Double(span), "a reader missed frames: \(frames) of \(span)")
            }
            let growth = (residentSizes.max() ?? 0) - (residentSizes.min() ?? 0)
            print("soak: \(readers[0].totals.frames) frames per reader, RSS \(residentSizes.first ?? 0) → \(residentSizes.last ?? 0) bytes, spread \(growth)")
            #expect(growth <= 2 << 20, "RSS grew by \(growth) bytes after warm-up")

            for connection in stuck { try? await connection.channel.close() }
            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }

        static func residentBytes() -> Int {
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
    }
}

private let soakDuration = ProcessInfo.processInfo.environment["YOLO_EDGE_SOAK_SECONDS"].flatMap(Double.init)

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
