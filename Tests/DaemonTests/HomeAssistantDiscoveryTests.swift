import MQTT
import NIOCore
import Testing
@testable import Daemon

/// The discovery configs: one per entity, with the fields Home Assistant's MQTT integration
/// documents (the real broker and Home Assistant's field list are checked in
/// system-tests/mqtt), and topics that MQTT accepts.
struct HomeAssistantDiscoveryTests {
    private let topics = MQTTTopics(prefix: "yolo-edge/pi", discoveryPrefix: "homeassistant", clientID: "yolo-edge-Pi.5")

    private func discovery(snapshots: Bool = true) -> HomeAssistantDiscovery {
        HomeAssistantDiscovery(
            topics: topics, device: .init(name: "yolo-edge pi", model: "yolov8n", softwareVersion: "yolo-edge 0.1.0"),
            zones: [.init(name: "drive way", labels: ["person", "car"]), .init(name: "porch", labels: ["all"])],
            lines: ["gate"], hasSnapshots: snapshots)
    }

    private func object(_ message: MQTTMessage) throws -> [String: JSONValue] {
        try #require(JSONValue(parsing: String(decoding: message.payload, as: UTF8.self))?.object)
    }

    @Test func oneRetainedConfigPerEntity() throws {
        let messages = discovery().configMessages
        // 2 zone classes + 1 "all": a binary sensor and a count each; 2 line sensors; fps; the image.
        #expect(messages.count == 3 * 2 + 2 + 1 + 1)
        #expect(messages.allSatisfy { $0.retain && $0.qos == .atLeastOnce })
        #expect(Set(messages.map(\.topic)).count == messages.count)
        let uniqueIDs = try messages.map { try object($0)["unique_id"]?.string ?? "" }
        #expect(Set(uniqueIDs).count == messages.count)
        #expect(discovery(snapshots: false).configMessages.count == messages.count - 1)
    }

    @Test func occupancyIsABinarySensorOnTheCountTopic() throws {
        let message = try #require(discovery().configMessages.first {
            $0.topic == "homeassistant/binary_sensor/yolo-edge-pi_5/drive_way_person_occupied/config"
        })
        let config = try object(message)
        #expect(config["state_topic"]?.string == "yolo-edge/pi/zones/drive way/person")
        #expect(config["device_class"]?.string == "occupancy")
        #expect(config["value_template"]?.string == "{{ 'ON' if value | int > 0 else 'OFF' }}")
        #expect(config["availability_topic"]?.string == "yolo-edge/pi/availability")
        #expect(config["payload_available"]?.string == "online")
        #expect(config["payload_not_available"]?.string == "offline")
        let device = try #require(config["device"]?.object)
        #expect(device["identifiers"]?.array?.first?.string == "yolo-edge-pi_5")
        #expect(device["sw_version"]?.string == "yolo-edge 0.1.0")
    }

    @Test func theSnapshotIsAnImageEntity() throws {
        let message = try #require(discovery().configMessages.first { $0.topic.hasPrefix("homeassistant/image/") })
        let config = try object(message)
        #expect(config["image_topic"]?.string == "yolo-edge/pi/snapshot")
        #expect(config["content_type"]?.string == "image/jpeg")
        #expect(config["state_topic"] == nil)
    }

    @Test func removalClearsEveryConfigTopic() {
        let configs = discovery().configMessages, removals = discovery().removalMessages
        #expect(removals.map(\.topic) == configs.map(\.topic))
        #expect(removals.allSatisfy { $0.payload.isEmpty && $0.retain })
    }

    @Test func namesBecomeValidTopicLevels() {
        #expect(topics.occupancy(zone: "a/b+c#", label: "traffic light") == "yolo-edge/pi/zones/a_b_c_/traffic light")
        #expect(topics.crossings(line: "gate", direction: "in") == "yolo-edge/pi/lines/gate/in")
        #expect(MQTTTopics.slug("Front Door/2") == "front_door_2")
    }

    @Test func aLinesTypeIsReadOffItsStart() {
        #expect(ProtocolMessages.type(of: ProtocolMessages.error("x")) == "error")
        #expect(ProtocolMessages.type(of: ProtocolMessages.purged(topics: 3)) == "purged")
        #expect(ProtocolMessages.type(of: ByteBuffer(string: "{\"seq\":1}\n")) == nil)
        #expect(ProtocolMessages.type(of: ByteBuffer(string: "{\"type\":\"unterminated")) == nil)
    }
}
