import CoreMetrics
import MQTT
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics (docs/metrics.md), served by `GET /metrics`.
///
/// The metrics are swift-metrics objects whose handlers come from one swift-prometheus
/// registry per daemon (not the process-wide `MetricsSystem`, so that tests can run several
/// daemons). They are made through the registry, not through the swift-metrics factory, because
/// only the registry gives them their HELP text, which `promtool check metrics` requires.
///
/// Most figures already exist as the pipeline's counters: `update(from:)` carries them over
/// from the latest status report, so the hot path counts nothing twice. Only the latency
/// histograms are recorded per frame, by the publisher thread.
final class DaemonMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    private let inference: CoreMetrics.Timer
    private let captureToPublish: CoreMetrics.Timer
    private let framesCaptured: CoreMetrics.Counter
    private let framesProcessed: CoreMetrics.Counter
    private let detectorErrors: CoreMetrics.Counter
    private let cameraReconnects: CoreMetrics.Counter
    private let drops: [DropCause: CoreMetrics.Counter]
    private let framesPerSecond: CoreMetrics.Meter
    private let cameraStreaming: CoreMetrics.Meter
    private let clients: CoreMetrics.Meter
    private let residentBytes: CoreMetrics.Meter
    private let mqttConnected: CoreMetrics.Meter
    private let mqttQueued: CoreMetrics.Meter
    private let mqttPublished: CoreMetrics.Counter
    private let mqttConnections: CoreMetrics.Counter
    /// The counters' values at the last update, to add only what is new.
    private let carried = Mutex<[String: UInt64]>([:])
    /// Zone and line series, made as zones and classes first appear.
    private let zoneSeries = Mutex<[String: CoreMetrics.Meter]>([:])
    private let lineSeries = Mutex<[String: CoreMetrics.Counter]>([:])

    enum DropCause: String, CaseIterable {
        case stale, unpublished, camera, corrupt, events, mqtt
    }

    /// Upper bounds of the latency buckets: a Pi 4 takes 0.1 to 0.5 s per frame, an x86 core 20 to 60 ms.
    static let latencyBuckets: [Duration] = [5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000].map { .milliseconds($0) }

    init() {
        let registry = PrometheusCollectorRegistry(), factory = PrometheusMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        inference = Self.timer("yolo_edge_inference_seconds", "Time inference took per frame (engine and head)", registry, factory)
        captureToPublish = Self.timer(
            "yolo_edge_capture_to_publish_seconds", "Time from a frame's capture to its publication", registry, factory)
        framesCaptured = Self.counter("yolo_edge_frames_captured_total", "Frames the source delivered", registry, factory)
        framesProcessed = Self.counter("yolo_edge_frames_processed_total", "Frames inference finished", registry, factory)
        detectorErrors = Self.counter("yolo_edge_detector_errors_total", "Inference calls that failed", registry, factory)
        cameraReconnects = Self.counter(
            "yolo_edge_camera_reconnects_total", "Times the source was reopened after a fault", registry, factory)
        drops = Dictionary(uniqueKeysWithValues: DropCause.allCases.map { cause in
            (cause, Self.counter("yolo_edge_drops_total", "Frames, events or messages dropped, by cause", registry, factory,
                                 labels: [("cause", cause.rawValue)]))
        })
        framesPerSecond = Self.meter("yolo_edge_frames_per_second", "Frames processed per second over the last status interval", registry, factory)
        cameraStreaming = Self.meter("yolo_edge_camera_streaming", "1 while the source delivers frames, else 0", registry, factory)
        clients = Self.meter("yolo_edge_clients", "Clients connected to the socket", registry, factory)
        residentBytes = Self.meter("process_resident_memory_bytes", "Resident memory size in bytes", registry, factory)
        mqttConnected = Self.meter("yolo_edge_mqtt_connected", "1 while connected to the MQTT broker, else 0", registry, factory)
        mqttQueued = Self.meter("yolo_edge_mqtt_queued_messages", "Messages waiting for the MQTT broker", registry, factory)
        mqttPublished = Self.counter("yolo_edge_mqtt_published_total", "Messages the MQTT broker took", registry, factory)
        mqttConnections = Self.counter(
            "yolo_edge_mqtt_connections_total", "Connections made to the MQTT broker, the first included", registry, factory)
    }

    /// Records one published frame's latencies (on the publisher thread).
    /// - Parameter publishedAt: CLOCK_MONOTONIC nanoseconds.
    func recordFrame(_ result: FrameResult, publishedAt: UInt64) {
        inference.recordNanoseconds(Int64(clamping: result.inferenceNanoseconds))
        let captured = result.info.monotonicNanoseconds
        if captured > 0, publishedAt >= captured { captureToPublish.recordNanoseconds(Int64(clamping: publishedAt - captured)) }
    }

    /// Brings every other metric up to date.
    func update(from report: StatusReport, classNames: [String], residentBytes resident: Int?) {
        carry(report.framesCaptured, "captured", into: framesCaptured)
        carry(report.framesProcessed, "processed", into: framesProcessed)
        carry(report.detectorErrors, "detector_errors", into: detectorErrors)
        carry(UInt64(clamping: report.camera.reconnects), "reconnects", into: cameraReconnects)
        let dropped: [DropCause: UInt64] = [
            .stale: report.staleDropped, .unpublished: report.unpublished, .camera: UInt64(clamping: report.camera.droppedFrames),
            .corrupt: UInt64(clamping: report.camera.corruptFrames), .events: report.eventsDropped,
            .mqtt: UInt64(clamping: report.mqtt?.dropped ?? 0),
        ]
        for (cause, value) in dropped { carry(value, "drops_\(cause.rawValue)", into: drops[cause]!) }
        framesPerSecond.set(report.framesPerSecond)
        cameraStreaming.set(report.camera.state == .streaming ? 1 : 0)
        clients.set(report.clients)
        if let resident { residentBytes.set(resident) }
        if let mqtt = report.mqtt {
            mqttConnected.set(mqtt.state == .connected ? 1 : 0)
            mqttQueued.set(mqtt.queued)
            carry(UInt64(mqtt.published), "mqtt_published", into: mqttPublished)
            carry(UInt64(mqtt.connections), "mqtt_connections", into: mqttConnections)
        }
        updateZones(report, classNames: classNames)
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private func updateZones(_ report: StatusReport, classNames: [String]) {
        for zone in report.zones.zones {
            for entry in zone.occupancy {
                zoneMeter(zone: zone.name, classID: entry.classID, classNames: classNames).set(entry.count)
            }
        }
        // Counts that fell to zero are no longer listed in the report.
        zoneSeries.withLock { series in
            for (key, meter) in series where !report.zones.zones.contains(where: { zone in
                zone.occupancy.contains { "\(zone.name)\u{0}\($0.classID)" == key }
            }) {
                meter.set(0)
            }
        }
        for line in report.zones.lines {
            for (direction, value) in [("in", line.crossings.inward), ("out", line.crossings.outward)] {
                let key = "\(line.name)\u{0}\(direction)"
                let counter = lineSeries.withLock { series in
                    if let counter = series[key] { return counter }
                    let counter = Self.counter(
                        "yolo_edge_line_crossings_total", "Tracks that crossed a line, by direction", registry, factory,
                        labels: [("line", line.name), ("direction", direction)])
                    series[key] = counter
                    return counter
                }
                carry(UInt64(value), "line_\(key)", into: counter)
            }
        }
    }

    private func zoneMeter(zone: String, classID: Int, classNames: [String]) -> CoreMetrics.Meter {
        let key = "\(zone)\u{0}\(classID)"
        return zoneSeries.withLock { series in
            if let meter = series[key] { return meter }
            let meter = Self.meter(
                "yolo_edge_zone_objects", "Confirmed tracks inside a zone, by class", registry, factory,
                labels: [("zone", zone), ("class", ZoneReport.label(ofClass: classID, in: classNames))])
            series[key] = meter
            return meter
        }
    }

    /// Adds to `counter` what `value` grew by since the last update. A value that went down
    /// (a reload's new source counts its reconnects from 0) adds itself.
    private func carry(_ value: UInt64, _ key: String, into counter: CoreMetrics.Counter) {
        let previous = carried.withLock { carried in
            defer { carried[key] = value }
            return carried[key] ?? 0
        }
        let increase = value >= previous ? value - previous : value
        if increase > 0 { counter.increment(by: Int64(clamping: increase)) }
    }

    private static func counter(
        _ name: String, _ help: String, _ registry: PrometheusCollectorRegistry, _ factory: PrometheusMetricsFactory,
        labels: [(String, String)] = []
    ) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, handler: registry.makeCounter(descriptor: descriptor(name, help), labels: labels), factory: factory)
    }

    private static func meter(
        _ name: String, _ help: String, _ registry: PrometheusCollectorRegistry, _ factory: PrometheusMetricsFactory,
        labels: [(String, String)] = []
    ) -> CoreMetrics.Meter {
        CoreMetrics.Meter(label: name, dimensions: labels, handler: registry.makeGauge(descriptor: descriptor(name, help), labels: labels), factory: factory)
    }

    private static func timer(
        _ name: String, _ help: String, _ registry: PrometheusCollectorRegistry, _ factory: PrometheusMetricsFactory
    ) -> CoreMetrics.Timer {
        let histogram = registry.makeDurationHistogram(descriptor: descriptor(name, help), buckets: latencyBuckets)
        return CoreMetrics.Timer(label: name, dimensions: [], handler: histogram, factory: factory)
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
