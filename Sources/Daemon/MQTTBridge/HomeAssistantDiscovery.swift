import MQTT
import NIOCore

/// Home Assistant MQTT discovery: one retained config message per entity, all under one device
/// and tied to the bridge's availability topic. Per zone and counted class, a `binary_sensor`
/// (occupied) and a `sensor` (count); per line, a `sensor` per direction (crossings); the
/// frame rate; and, when the bridge publishes snapshots, an `image` of the latest event frame.
/// Field names follow Home Assistant's MQTT integration documentation.
struct HomeAssistantDiscovery: Sendable, Equatable {
    struct Device: Sendable, Equatable {
        /// Shown as the device's name: `yolo-edge <hostname>`.
        var name: String
        /// The model file the daemon runs.
        var model: String
        /// The daemon's version.
        var softwareVersion: String
    }

    /// A zone and the labels its occupancy is published for.
    struct Zone: Sendable, Equatable {
        var name: String
        var labels: [String]
    }

    let topics: MQTTTopics
    let device: Device
    let zones: [Zone]
    let lines: [String]
    let hasSnapshots: Bool

    /// The config messages, retained.
    var configMessages: [MQTTMessage] {
        entities.map { entity in
            MQTTMessage(topic: entity.topic, payload: payload(of: entity), qos: .atLeastOnce, retain: true)
        }
    }

    /// Empty retained messages on every config topic: Home Assistant removes the entities.
    var removalMessages: [MQTTMessage] {
        entities.map { MQTTMessage(topic: $0.topic, payload: [], qos: .atLeastOnce, retain: true) }
    }

    private struct Entity {
        var component: String
        var objectID: String
        var name: String
        var stateTopic: String
        var fields: [(key: String, value: String)]

        func topic(in topics: MQTTTopics) -> String { topics.discovery(component: component, objectID: objectID) }
    }

    private var entities: [(topic: String, entity: Entity)] {
        var list: [Entity] = []
        for zone in zones {
            for label in zone.labels {
                let state = topics.occupancy(zone: zone.name, label: label)
                list.append(Entity(
                    component: "binary_sensor", objectID: "\(zone.name)_\(label)_occupied", name: "\(zone.name) \(label) occupied",
                    stateTopic: state,
                    fields: [("device_class", "occupancy"), ("value_template", "{{ 'ON' if value | int > 0 else 'OFF' }}")]))
                list.append(Entity(
                    component: "sensor", objectID: "\(zone.name)_\(label)_count", name: "\(zone.name) \(label) count",
                    stateTopic: state, fields: [("state_class", "measurement"), ("unit_of_measurement", "objects")]))
            }
        }
        for line in lines {
            for direction in ["in", "out"] {
                list.append(Entity(
                    component: "sensor", objectID: "\(line)_crossings_\(direction)", name: "\(line) crossings \(direction)",
                    stateTopic: topics.crossings(line: line, direction: direction),
                    fields: [("state_class", "total_increasing"), ("unit_of_measurement", "crossings")]))
            }
        }
        list.append(Entity(
            component: "sensor", objectID: "fps", name: "frames per second", stateTopic: topics.status,
            fields: [("state_class", "measurement"), ("unit_of_measurement", "fps"), ("value_template", "{{ value_json.fps }}"),
                     ("entity_category", "diagnostic")]))
        if hasSnapshots {
            list.append(Entity(
                component: "image", objectID: "snapshot", name: "snapshot", stateTopic: topics.snapshot,
                fields: [("content_type", "image/jpeg")]))
        }
        return list.map { ($0.topic(in: topics), $0) }
    }

    private func payload(of entity: (topic: String, entity: Entity)) -> [UInt8] {
        let entity = entity.entity
        var json = JSONLineWriter(capacity: 768)
        json.beginObject()
        json.key("name"); json.string(entity.name)
        json.key("unique_id"); json.string("\(topics.nodeID)_\(MQTTTopics.slug(entity.objectID))")
        // An image entity reads its picture from `image_topic`; the others their state from `state_topic`.
        json.key(entity.component == "image" ? "image_topic" : "state_topic"); json.string(entity.stateTopic)
        for field in entity.fields {
            json.key(field.key); json.string(field.value)
        }
        json.key("availability_topic"); json.string(topics.availability)
        json.key("payload_available"); json.string(MQTTBridge.online)
        json.key("payload_not_available"); json.string(MQTTBridge.offline)
        json.key("device"); json.beginObject()
        json.key("identifiers"); json.beginArray(); json.string(topics.nodeID); json.endArray()
        json.key("name"); json.string(device.name)
        json.key("manufacturer"); json.string("yolo-edge")
        json.key("model"); json.string(device.model)
        json.key("sw_version"); json.string(device.softwareVersion)
        json.endObject()
        json.endObject()
        return MQTTBridge.bytes(ofLine: json.finish())
    }
}
