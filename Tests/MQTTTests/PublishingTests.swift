import Foundation
import MQTT
import TestSupport
import Testing

extension MQTTClientTests {
    @Test func publishesBothQoSByteExactAfterWhatOnConnectPublishes() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher, Self.reader])
        let subscriber = try MosquittoSubscriber(
            broker: broker, topic: "test/one/#", count: 4, format: .hex, user: Self.reader)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")

        let online = MQTTMessage(topic: "test/one/status", payload: "online", qos: .atLeastOnce, retain: true)
        let gate = ConnectGate()
        let connects = Counter()
        let log = CapturedLog()
        let client = MQTTClient(settings: Self.settings(port: broker.port), logger: log.logger()) { client in
            connects.increment()
            // Holds the client until the messages below are queued, whenever the CONNACK comes.
            gate.wait()
            client.publish(online)
        }
        defer { client.stop() }

        var random = SeededGenerator(seed: 1)
        let messages = [
            MQTTMessage(topic: "test/one/binary", payload: (0...255).map(UInt8.init) + [0, 13, 10, 0], qos: .atLeastOnce),
            MQTTMessage(topic: "test/one/text", payload: "héllo\nwörld ✓", qos: .atMostOnce),
            MQTTMessage(topic: "test/one/large", payload: (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) }),
        ]
        client.publish(messages[0])
        // libmosquitto refuses it; it must not hold up the rest.
        client.publish(MQTTMessage(topic: "test/one/#", payload: "wildcards are for subscribing"))
        for message in messages.dropFirst() { client.publish(message) }
        gate.open()

        #expect(subscriber.messages() == ([online] + messages).map(Self.hexLine), "\(broker.log)")
        #expect(eventually { client.statistics.published == 4 })
        let statistics = client.statistics
        #expect(statistics.state == .connected)
        #expect(statistics.connections == 1)
        #expect(statistics.queued == 0 && statistics.inflight == 0 && statistics.dropped == 0)
        #expect(statistics.rejected == 1)
        #expect(eventually { log.count("libmosquitto refused 1 messages, the last one: topic 'test/one/#'") == 1 }, "\(log.all)")
        #expect(statistics.lastError == nil)
        #expect(connects.count == 1)
        #expect(Self.threadNames().contains("yolo-mqtt"))
        #expect(log.count("connected to mqtt broker 127.0.0.1:\(broker.port)") == 1)

        let lateSubscriber = try MosquittoSubscriber(
            broker: broker, topic: "test/one/status", count: 1, timeout: 5, user: Self.reader)
        #expect(lateSubscriber.messages() == ["test/one/status online"])
    }

    @Test func stopPublishesTheFinalMessagesAndDisconnectsWithoutTheWill() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher, Self.reader])
        let topic = "test/seven/availability"
        // No count: it reads until its timeout, so a will published after the stop would show.
        let subscriber = try MosquittoSubscriber(broker: broker, topic: topic, count: nil, timeout: 3, user: Self.reader)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")

        var settings = Self.settings(port: broker.port, clientID: "yolo-test-stop")
        settings.will = MQTTMessage(topic: topic, payload: "offline (will)", qos: .atLeastOnce, retain: true)
        let client = MQTTClient(settings: settings, logger: CapturedLog().logger()) { client in
            client.publish(MQTTMessage(topic: topic, payload: "online", qos: .atLeastOnce, retain: true))
        }
        try #require(eventually { client.statistics.published == 1 })

        let clock = ContinuousClock()
        let offline = MQTTMessage(topic: topic, payload: "offline", qos: .atLeastOnce, retain: true)
        let stopping = clock.measure { client.stop(flushTimeout: .seconds(2), final: [offline]) }
        #expect(stopping < .seconds(2))
        #expect(clock.measure { client.stop() } < .milliseconds(10), "a second stop returns at once")
        let statistics = client.statistics
        #expect(statistics.state == .disconnected)
        #expect(statistics.published == 2 && statistics.queued == 0 && statistics.inflight == 0)

        #expect(subscriber.messages() == ["\(topic) online", "\(topic) offline"])
        let lateSubscriber = try MosquittoSubscriber(broker: broker, topic: topic, count: 1, timeout: 5, user: Self.reader)
        #expect(lateSubscriber.messages() == ["\(topic) offline"])
        // mosquitto says "disconnected" after a DISCONNECT, "closed its connection" otherwise.
        #expect(broker.log.contains("Client yolo-test-stop disconnected."), "\(broker.log)")
    }
}
