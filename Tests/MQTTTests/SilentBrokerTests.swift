import Foundation
import MQTT
import TestSupport
import Testing

extension MQTTClientTests {
    @Test func aBrokerThatNeverAnswersBlocksNeitherPublishNorStop() throws {
        let listener = try SilentListener()
        var settings = Self.settings(port: listener.port)
        settings.connectTimeout = .seconds(1)
        let log = CapturedLog()
        let client = MQTTClient(settings: settings, logger: log.logger())

        let publishing = Self.timePublishes(client, count: 1000, topic: "test/five/silent")
        print("1000 publishes to a silent broker took \(publishing) (\(publishing / 1000) each)")
        #expect(publishing < .seconds(1))

        usleep(1_500_000)  // past the connect timeout
        let statistics = client.statistics
        #expect(statistics.state != .connected)
        #expect(statistics.connections == 0)
        #expect(statistics.queued == 1000)
        #expect(statistics.lastError?.hasPrefix("no CONNACK within 1 s: 127.0.0.1:\(listener.port) accepts TCP") == true)

        let clock = ContinuousClock()
        let stopping = clock.measure { client.stop(flushTimeout: .seconds(1)) }
        #expect(stopping < .seconds(2))
        #expect(client.statistics.state == .disconnected)
        #expect(log.count("no CONNACK") == 1, "\(log.all)")
    }
}
