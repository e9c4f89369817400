import Foundation
import MQTT
import TestSupport
import Testing

extension MQTTClientTests {
    /// With the default backoff (1 s doubling to 30 s), as the daemon runs it.
    @Test func reconnectsAfterABrokerRestartAndSendsWhatWasPublishedMeanwhile() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher, Self.reader])
        let subscriber = try MosquittoSubscriber(
            broker: broker, topic: "test/four/#", count: 1 + 5 + 1 + 20, timeout: 30, user: Self.reader)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")

        var settings = Self.settings(port: broker.port)
        settings.reconnectDelay = .seconds(1) ... .seconds(30)
        let gate = ConnectGate()
        let connects = Counter()
        let log = CapturedLog()
        let client = MQTTClient(settings: settings, logger: log.logger()) { client in
            let connection = connects.increment()
            // After the restart, `mosquitto_sub` needs its own reconnect before anything is sent.
            if connection > 1 { gate.wait() }
            client.publish(MQTTMessage(topic: "test/four/status", payload: "online \(connection)", retain: true))
        }
        defer { client.stop() }
        let before = (0..<5).map { MQTTMessage(topic: "test/four/events", payload: "before \($0)") }
        for message in before { client.publish(message) }
        try #require(eventually { client.statistics.published == 6 })
        // The broker acknowledged them; without persistence it forgets what it has not yet
        // passed on when it stops, so wait until the subscriber has them.
        try #require(eventually { subscriber.transcript.contains("test/four/events before 4") }, "\(subscriber.transcript)")

        broker.stop()
        try #require(eventually { client.statistics.state != .connected })
        let during = (0..<20).map { MQTTMessage(topic: "test/four/events", payload: "during \($0)") }
        for message in during { client.publish(message) }
        usleep(1_500_000)  // the broker stays away for a while
        try broker.start()
        let clock = ContinuousClock()
        let brokerBack = clock.now
        try #require(eventually(within: .seconds(35)) { client.statistics.state == .connected })
        let recovery = clock.now - brokerBack
        print("mqtt reconnect after a broker restart (default backoff, 1.5 s outage): broker back → connected in \(recovery)")
        #expect(recovery < .seconds(5))

        try #require(subscriber.waitUntilSubscribed(times: 2), "\(subscriber.transcript)")
        gate.open()
        let status = { (connection: Int) in "test/four/status online \(connection)" }
        let expected = [status(1)] + before.map(Self.textLine) + [status(2)] + during.map(Self.textLine)
        #expect(subscriber.messages() == expected, "\(subscriber.transcript)")
        #expect(eventually { client.statistics.published == 6 + 21 })
        let statistics = client.statistics
        #expect(statistics.connections == 2)
        #expect(statistics.dropped == 0)
        #expect(log.count("lost the connection to mqtt broker") == 1, "\(log.all)")
        #expect(log.count("connected to mqtt broker") == 2, "\(log.all)")
    }

    @Test func aFullQueueDropsTheOldestAndSendsTheNewestInOrder() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher, Self.reader], start: false)
        var settings = Self.settings(port: broker.port)
        settings.queueCapacity = 50
        let gate = ConnectGate()
        let log = CapturedLog()
        let client = MQTTClient(settings: settings, logger: log.logger()) { _ in gate.wait() }
        defer { client.stop() }
        let messages = (0..<60).map { MQTTMessage(topic: "test/six/queue", payload: "message \($0)") }
        for message in messages { client.publish(message) }

        var statistics = client.statistics
        #expect(statistics.dropped == 10)
        #expect(statistics.queued == 50)
        #expect(eventually { log.count("dropped 10 messages: the outgoing queue (capacity 50, 16 MiB) was full") == 1 }, "\(log.all)")

        try broker.start()
        let subscriber = try MosquittoSubscriber(broker: broker, topic: "test/six/#", count: 50, user: Self.reader)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")
        gate.open()
        #expect(subscriber.messages() == messages.suffix(50).map(Self.textLine))
        #expect(eventually { client.statistics.published == 50 })
        statistics = client.statistics
        #expect(statistics.dropped == 10)
        #expect(log.count("dropped") == 1)
    }
}
