import Foundation
import MQTT
import TestSupport
import Testing

extension MQTTClientTests {
    @Test func publishesOverTLSToABrokerTheCASigned() throws {
        try MosquittoBroker.requireInstalled()
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let certificates = try TestCertificates(in: files)
        let broker = try MosquittoBroker(tls: certificates)
        let subscriber = try MosquittoSubscriber(
            broker: broker, topic: "test/two/#", count: 1, caFile: certificates.caFile)
        try #require(subscriber.waitUntilSubscribed(), "\(subscriber.transcript)")

        var settings = Self.settings(port: broker.port, user: nil)
        settings.tls = MQTTSettings.TLS(caFile: certificates.caFile)
        let client = MQTTClient(settings: settings, logger: CapturedLog().logger())
        defer { client.stop() }
        client.publish(MQTTMessage(topic: "test/two/secure", payload: "over TLS"))

        #expect(subscriber.messages() == ["test/two/secure over TLS"], "\(broker.log)")
        #expect(eventually { client.statistics.published == 1 })
        #expect(client.statistics.state == .connected)
        #expect(client.statistics.lastError == nil)
    }

    @Test func refusesABrokerCertificateTheCADidNotSign() throws {
        try MosquittoBroker.requireInstalled()
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let certificates = try TestCertificates(in: files)
        let broker = try MosquittoBroker(tls: certificates)

        var settings = Self.settings(port: broker.port, user: nil)
        settings.tls = MQTTSettings.TLS(caFile: certificates.unrelatedCAFile)
        let log = CapturedLog()
        let client = MQTTClient(settings: settings, logger: log.logger())
        defer { client.stop() }
        #expect(Self.timePublishes(client, count: 1000, topic: "test/two/refused") < .seconds(1))

        try #require(eventually { client.statistics.lastError != nil })
        // Several attempts, each refused the same way.
        try #require(eventually { broker.log.components(separatedBy: "New connection").count > 3 }, "\(broker.log)")
        let statistics = client.statistics
        #expect(statistics.state != .connected)
        #expect(statistics.connections == 0)
        let error = try #require(statistics.lastError)
        #expect(error.contains("TLS failure: certificate verify failed"), "\(error)")
        #expect(error.contains(certificates.unrelatedCAFile), "\(error)")
        #expect(log.count("TLS failure") == 1, "\(log.all)")
    }
}
