import MQTT

/// The daemon's health at one moment: the body of `status` lines and of systemd's `STATUS=`.
struct StatusReport: Sendable, Equatable {
    var framesPerSecond: Double
    var inferenceMilliseconds: Double
    var framesCaptured: UInt64
    var framesProcessed: UInt64
    var staleDropped: UInt64
    var unpublished: UInt64
    var detectorErrors: UInt64
    var camera: SourceSnapshot
    var clients: Int
    var uptimeSeconds: Double
    /// Zone events dropped because the publisher fell too far behind (`EventChannel`).
    var eventsDropped: UInt64 = 0
    var zones = ZoneReport.empty
    /// The MQTT bridge's connection and queue; nil with the bridge off.
    var mqtt: MQTTStatistics?

    /// One short line for `systemctl status`.
    var summary: String {
        let fps = (framesPerSecond * 10).rounded() / 10
        let inference = (inferenceMilliseconds * 10).rounded() / 10
        return "camera \(camera.state.rawValue), \(fps) fps, inference \(inference) ms, \(clients) clients, "
            + "\(staleDropped) stale frames dropped, \(camera.reconnects) reconnects"
    }
}
