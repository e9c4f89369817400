"""Home Assistant's MQTT discovery fields, as its documentation lists them for the components
yolo-edge announces (integrations binary_sensor.mqtt, sensor.mqtt, image.mqtt, and the shared
device and availability options). A config with a field not listed, or without a required one,
is one Home Assistant would reject or ignore."""

import json
import re

COMMON = {
    "name", "unique_id", "object_id", "default_entity_id", "availability", "availability_mode", "availability_template",
    "availability_topic", "payload_available", "payload_not_available", "device", "enabled_by_default", "encoding",
    "entity_category", "entity_picture", "icon", "json_attributes_template", "json_attributes_topic", "origin", "qos",
    "platform",
}
STATEFUL = {"state_topic", "value_template", "expire_after", "force_update", "device_class"}
FIELDS = {
    "binary_sensor": COMMON | STATEFUL | {"payload_on", "payload_off", "off_delay"},
    "sensor": COMMON | STATEFUL | {"state_class", "unit_of_measurement", "suggested_display_precision",
                                   "last_reset_value_template", "options"},
    "image": COMMON | {"image_topic", "url_topic", "url_template", "content_type", "image_encoding"},
}
REQUIRED = {"binary_sensor": {"state_topic"}, "sensor": {"state_topic"}, "image": set()}
DEVICE_FIELDS = {"identifiers", "connections", "name", "manufacturer", "model", "model_id", "sw_version", "hw_version",
                 "serial_number", "suggested_area", "via_device", "configuration_url"}
STATE_CLASSES = {"measurement", "measurement_angle", "total", "total_increasing"}
ENTITY_CATEGORIES = {"config", "diagnostic"}
# <discovery_prefix>/<component>/[<node_id>/]<object_id>/config, ids of [a-zA-Z0-9_-].
TOPIC = re.compile(r"^homeassistant/(binary_sensor|sensor|image)/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)/config$")


def validate(messages, availability):
    """Problems found in (topic, payload) discovery messages; empty when all are valid."""
    problems = []
    unique_ids = set()
    for topic, payload in messages:
        match = TOPIC.match(topic)
        if not match:
            problems.append(f"{topic}: not a discovery config topic")
            continue
        component = match.group(1)
        try:
            config = json.loads(payload)
        except ValueError:
            problems.append(f"{topic}: payload is not JSON")
            continue
        unknown = set(config) - FIELDS[component]
        if unknown:
            problems.append(f"{topic}: fields {sorted(unknown)} are not {component} options")
        missing = REQUIRED[component] - set(config)
        if missing:
            problems.append(f"{topic}: required {sorted(missing)} missing")
        if component == "image" and ("image_topic" in config) == ("url_topic" in config):
            problems.append(f"{topic}: an image needs exactly one of image_topic and url_topic")
        if component == "image" and config.get("content_type") != "image/jpeg":
            problems.append(f"{topic}: content_type should be image/jpeg")
        if "state_class" in config and config["state_class"] not in STATE_CLASSES:
            problems.append(f"{topic}: state_class {config['state_class']}")
        if "entity_category" in config and config["entity_category"] not in ENTITY_CATEGORIES:
            problems.append(f"{topic}: entity_category {config['entity_category']}")
        if component == "binary_sensor" and config.get("device_class") != "occupancy":
            problems.append(f"{topic}: a zone's binary sensor has device_class occupancy")
        if config.get("availability_topic") != availability:
            problems.append(f"{topic}: availability_topic {config.get('availability_topic')}")
        if (config.get("payload_available"), config.get("payload_not_available")) != ("online", "offline"):
            problems.append(f"{topic}: availability payloads")
        device = config.get("device", {})
        if set(device) - DEVICE_FIELDS:
            problems.append(f"{topic}: device fields {sorted(set(device) - DEVICE_FIELDS)}")
        if not device.get("identifiers"):
            problems.append(f"{topic}: the device has no identifiers")
        if config.get("unique_id") in unique_ids:
            problems.append(f"{topic}: unique_id {config.get('unique_id')} repeats")
        unique_ids.add(config.get("unique_id"))
        for key in ("state_topic", "image_topic"):
            if key in config and any(c in config[key] for c in "+#"):
                problems.append(f"{topic}: {key} has a wildcard")
    if len({json.dumps(json.loads(p).get("device"), sort_keys=True) for _, p in messages}) != 1:
        problems.append("entities are not all on one device")
    return problems
