import Foundation
import MQTT
import TestSupport
import Testing

/// The client against a real mosquitto, read back with `mosquitto_sub`. One test at a time: most
/// of them time what the client does, and the machine has few cores.
@Suite(.serialized) struct MQTTClientTests {
    static let publisher = MosquittoBroker.User(name: "yolo", password: "publisher secret")
    static let reader = MosquittoBroker.User(name: "reader", password: "reader secret")

    /// Settings for `broker` as `publisher`, with backoffs short enough for a quick suite.
    static func settings(
        port: Int, host: String = "127.0.0.1", user: MosquittoBroker.User? = publisher, clientID: String = "yolo-test"
    ) -> MQTTSettings {
        MQTTSettings(
            host: host, port: port, username: user?.name, password: user?.password, clientID: clientID,
            reconnectDelay: .milliseconds(100) ... .milliseconds(400), connectTimeout: .seconds(2))
    }

    /// How `mosquitto_sub -F "%t %x"` prints `message`.
    static func hexLine(_ message: MQTTMessage) -> String {
        message.topic + " " + message.payload.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// How `mosquitto_sub -v` prints `message`.
    static func textLine(_ message: MQTTMessage) -> String {
        message.topic + " " + String(decoding: message.payload, as: UTF8.self)
    }

    /// The names of this process's threads.
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Times `count` calls of `publish`.
    static func timePublishes(_ client: MQTTClient, count: Int, topic: String) -> Duration {
        let clock = ContinuousClock()
        let payload = [UInt8](repeating: 0x2A, count: 200)
        return clock.measure {
            for _ in 0..<count { client.publish(MQTTMessage(topic: topic, payload: payload)) }
        }
    }
}
