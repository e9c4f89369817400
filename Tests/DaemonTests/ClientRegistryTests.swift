import Capture
@testable import Daemon
import Detect
import Infer
import Logging
import NIOCore
import Synchronization
import Testing

struct ClientRegistryTests {
    private let model = ModelDescription(name: "m", inputSize: FrameSize(width: 320, height: 320), classNames: ["person", "car"], maxDetections: 4)
    private let logger = Logger(label: "test") { JournalLogHandler(label: $0, level: .error) }

    private func registry(queueLength: Int = 8, stallTimeout: Double = 10, maxClients: Int = 4) -> ClientRegistry {
        ClientRegistry(limits: .init(queueLength: queueLength, stallTimeout: stallTimeout, maxClients: maxClients),
                       model: model, source: "cam", daemonVersion: "yolo-edge test", logger: logger)
    }

    private func result(seq: UInt64) -> FrameResult {
        var result = FrameResult(capacity: 2)
        result.seq = seq
        result.info = PipelineFrameInfo(cameraSequence: seq, monotonicNanoseconds: MonotonicClock.now(),
                                wallClockNanoseconds: 0, width: 100, height: 100)
        result.detections = [Detection(classID: 0, score: 0.9, box: BoundingBox(x1: 1, y1: 2, x2: 4, y2: 6)),
                             Detection(classID: 1, score: 0.3, box: BoundingBox(x1: 5, y1: 6, x2: 12, y2: 14))]
        return result
    }

    private func type(_ buffer: ByteBuffer?) -> String? {
        object(buffer)?["type"] as? String
    }

    private func object(_ buffer: ByteBuffer?) -> [String: Any]? {
        buffer.flatMap { jsonObject(String(buffer: $0)) }
    }

    @Test func aBridgeIsNeitherCountedNorRefusedAndGetsWhatItSubscribedTo() async throws {
        let registry = registry(maxClients: 1)
        _ = try #require(registry.register { })
        let (id, queue) = try #require(registry.registerBridge(subscription: Subscription(wantsFrames: false)))
        #expect(registry.count == 1, "the bridge is no client")
        #expect(registry.register { } == nil, "the client limit still holds")
        #expect(type(await queue.next()) == "hello")
        registry.publish(result(seq: 1))
        registry.broadcastStatus(ByteBuffer(string: "{\"type\":\"status\"}\n"))
        #expect(type(await queue.next()) == "status", "no detections line for an events-only bridge")
        registry.remove(id)
        registry.closeAll()
        #expect(registry.registerBridge(subscription: Subscription()) == nil, "none once the daemon stops")
    }

    @Test func newClientGetsHelloThenLatestStatus() async throws {
        let registry = registry()
        registry.broadcastStatus(ByteBuffer(string: "{\"type\":\"status\"}\n"))
        let (_, queue) = try #require(registry.register { })
        #expect(type(await queue.next()) == "hello")
        #expect(type(await queue.next()) == "status")
    }

    @Test func refusesClientsBeyondTheLimitAndAfterClose() throws {
        let registry = registry(maxClients: 1)
        #expect(registry.register { } != nil)
        #expect(registry.register { } == nil)
        registry.closeAll()
        #expect(registry.count == 1, "closeAll ends connections; each removes itself when its task ends")
    }

    @Test func subscribedClientGetsFilteredLinesOthersGetAll() async throws {
        let registry = registry()
        let (_, plain) = try #require(registry.register { })
        let (filteredID, filtered) = try #require(registry.register { })
        registry.subscribe(filteredID, to: Subscription(classIDs: [1], minimumScore: 0))
        registry.publish(result(seq: 1))
        #expect(type(await plain.next()) == "hello")
        #expect(type(await filtered.next()) == "hello")
        let all = try #require(object(await plain.next()))
        let some = try #require(object(await filtered.next()))
        #expect((all["detections"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["person", "car"])
        #expect((some["detections"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["car"])
    }

    @Test func clientFullPastTheStallTimeoutIsDisconnected() async throws {
        let registry = registry(queueLength: 2, stallTimeout: 0.05)
        let disconnected = Atomic<Bool>(false)
        _ = try #require(registry.register { disconnected.store(true, ordering: .relaxed) })
        let (_, reader) = try #require(registry.register { })
        for seq in 1...3 {
            registry.publish(result(seq: UInt64(seq)))
            _ = await reader.next()
        }
        try await Task.sleep(for: .milliseconds(100))
        registry.publish(result(seq: 4))
        let wasDisconnected = disconnected.load(ordering: .relaxed)
        #expect(wasDisconnected)
        #expect(registry.count == 1, "the reader stays")
    }

    @Test func reloadAnnouncesTheNewModelToConnectedClients() async throws {
        let registry = registry()
        let (_, queue) = try #require(registry.register { })
        _ = await queue.next()
        registry.announce(model: ModelDescription(name: "other", inputSize: FrameSize(width: 640, height: 640), classNames: ["dog"], maxDetections: 1), source: "cam2", zoneNames: .none)
        let hello = try #require(object(await queue.next()))
        #expect(hello["model"] as? String == "other")
        #expect(registry.classNames == ["dog"])
    }
}
