import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Daemon

extension DaemonRuntimeTests {
    /// Clients that never read must not slow the readers or the pipeline, and are disconnected once
    /// their queue stays full. (The 60-second, 50-client version is system-tests/soak/slow-clients.sh.)
    @Suite
    struct ClientIsolationTests {
        @Test func readersKeepUpWhileStuckClientsAreEvicted() async throws {
            let readerCount = 8, stuckCount = 4
            let source = TestFrameSource(fps: 100)
            // Forty detections make lines of about 3.5 kB, so a stuck client fills its socket quickly.
            let detector = TestDetector(perFrame: 40)
            let config = "[clients]\nqueue_length = 16\nstall_timeout = 1.0\n[health]\nstatus_interval = 0.5\n"
            let daemon = try await DaemonHarness(configFile: config, source: source, detector: detector)
            #expect(await daemon.waitUntilReady())

            var stuck: [ClientConnection] = []
            for _ in 0..<stuckCount {
                // Connected, never iterated: NIO stops reading once its small inbound buffer is full.
                stuck.append(try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(unixDomainSocketPath: daemon.socketPath) { channel in
                        channel.eventLoop.makeCompletedFuture { try ClientConnection(wrappingChannelSynchronously: channel) }
                    })
            }

            let collectors = (0..<readerCount).map { _ in LineCollector(untilCount: 400, of: "detections") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for collector in collectors {
                    group.addTask { try await daemon.readLines(timeout: 30) { collector.take($0) } }
                }
                try await group.waitForAll()
            }

            var seenByFirst: [Int]?
            for collector in collectors {
                #expect(collector.objects(ofType: "overflow").isEmpty, "a reader that keeps up loses nothing")
                let seqs = collector.objects(ofType: "detections").compactMap { $0["seq"] as? Int }
                #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
                // Every reader saw the same frames over the span all of them were connected.
                let common = seqs.filter { $0 >= 50 && $0 <= 350 }
                if let seenByFirst { #expect(common == seenByFirst) } else { seenByFirst = common }
            }
            let statuses = collectors[0].objects(ofType: "status")
            let last = try #require(statuses.last)
            #expect(last["clients"] as? Int == readerCount, "stuck clients were disconnected")
            #expect((last["fps"] as? Double ?? 0) > 50, "the pipeline did not slow down")
            #expect((last["captured"] as? Int ?? 0) >= (last["frames"] as? Int ?? .max))

            for connection in stuck { try? await connection.channel.close() }
            _ = try await daemon.terminate()
            await daemon.cleanUp()
        }
    }
}
