import Foundation
import MQTT
import TestSupport
import Testing

extension MQTTClientTests {
    @Test func aWrongPasswordIsNotAuthorizedAndLoggedOnce() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher])
        let log = CapturedLog()
        let wrong = MosquittoBroker.User(name: Self.publisher.name, password: "not the password")
        let client = MQTTClient(settings: Self.settings(port: broker.port, user: wrong), logger: log.logger())
        defer { client.stop() }

        try #require(
            eventually { broker.log.components(separatedBy: "not authorised").count > 3 }, "\(broker.log)")
        let statistics = client.statistics
        #expect(statistics.state != .connected)
        #expect(statistics.connections == 0)
        #expect(statistics.lastError?.contains("not authorized: the broker rejected username 'yolo'") == true)
        #expect(log.count("not authorized") == 1, "\(log.all)")
    }

    @Test func anUnknownHostIsNamedOnce() throws {
        let log = CapturedLog()
        let client = MQTTClient(
            settings: Self.settings(port: 1883, host: "no-such-host.invalid"), logger: log.logger())
        defer { client.stop() }
        // A resolver without a network can take its timeouts to say so.
        try #require(eventually(within: .seconds(30)) { client.statistics.lastError != nil })
        usleep(500_000)  // a few more attempts
        let statistics = client.statistics
        #expect(statistics.state != .connected)
        #expect(statistics.lastError?.contains("unknown host 'no-such-host.invalid': name resolution failed") == true)
        #expect(log.count("unknown host") == 1, "\(log.all)")
        let clock = ContinuousClock()
        #expect(clock.measure { client.stop() } < .seconds(2))
    }

    @Test func connectsOnceTheBrokerStartsAndSendsWhatWasQueued() throws {
        try MosquittoBroker.requireInstalled()
        let broker = try MosquittoBroker(users: [Self.publisher, Self.reader], start: false)
        let gate = ConnectGate()
        let log = CapturedLog()
        let client = MQTTClient(settings: Self.settings(port: broker.port), logger: log.logger()) { _ in gate.wait() }
        defer { client.stop() }
        let messages = (0..<5).map { MQTTMessage(topic: "test/three/queued", payload: "message \($0)") }
        for message in messages { client.publish(message) }

        try #require(eventually { client.statistics.lastError != nil })
        usleep(500_000)  // a few more attempts
        var statistics = client.statistics
        #expect(statistics.state != .connected)
        #expect(statistics.queued == 5)
        #expect(statistics.lastError == "connection refused (is the broker running on 127.0.0.1:\(broker.port)?)")
        #expect(log.count("connection refused") == 1, "\(log.all)")

        try broker.start()
        let clock = ContinuousClock()
        let started = clock.now
        try #require(eventually { client.statistics.state == .connected })
        // The backoff's upper bound is 0.4 s.
        #expect(clock.now - started < .seconds(1.5))
        let subscriber = try MosquittoSubscriber(broker: broker, topic: "test/three/#", count: 5, user: Self.reader)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")
        gate.open()

        #expect(subscriber.messages() == messages.map(Self.textLine))
        statistics = client.statistics
        #expect(statistics.connections == 1)
        #expect(log.count("connected to mqtt broker") == 1)
    }
}
