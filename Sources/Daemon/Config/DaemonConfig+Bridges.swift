extension DaemonConfig {
    /// `[mqtt]`: the MQTT bridge (docs/mqtt.md). Off unless the table is present.
    package struct MQTT: Equatable, Sendable {
        /// Set when the config has an `[mqtt]` table; `enabled = false` in it turns the bridge off.
        var enabled = false
        var host = "localhost"
        var port = 1883
        /// Empty: `yolo-edge-<hostname>`.
        var clientID = ""
        /// Empty: `yolo-edge/<hostname>`.
        var topicPrefix = ""
        var username = ""
        /// The password is read from this file (its first line), never from the config itself.
        var passwordFile = ""
        var tls = false
        var caFile = ""
        var certFile = ""
        var keyFile = ""
        /// QoS of `events`: 0 or 1.
        var qos = 1
        var keepalive = 30
        /// Messages waiting for the broker before the oldest are dropped.
        var queueLength = 1000
        /// Seconds between per-frame summaries (the frame's `detections` line); 0 publishes none.
        var frameInterval = 0.0
        /// Publish the annotated JPEG of each frame with events (needs `[snapshots]`).
        var snapshots = false
        /// Home Assistant MQTT discovery.
        var discovery = true
        var discoveryPrefix = "homeassistant"
    }

    /// `[http]`: metrics, health, the latest snapshot and the status over HTTP. Off unless the
    /// table is present.
    package struct HTTP: Equatable, Sendable {
        var enabled = false
        /// `HOST:PORT` or `unix:PATH`.
        var listen = "127.0.0.1:9464"
        /// An address other than loopback or a Unix socket must be allowed explicitly.
        var allowRemote = false
    }
}
