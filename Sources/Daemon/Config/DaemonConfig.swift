import FoundationEssentials

/// Everything `yolo-edge run` needs, after the config file and the flags are merged.
/// Defaults suit a Raspberry Pi with one USB camera.
package struct DaemonConfig: Equatable, Sendable {
    /// Frame source spec: a V4L2 device path, `images:DIR`, or another spec the capture layer knows.
    package var source = "/dev/video0"
    /// Path of the INT8 YOLOv8 model.
    package var model = "/var/lib/yolo-edge/models/yolov8n_full_integer_quant.tflite"
    /// Unix socket the detections are published on (ignored under socket activation).
    package var socket = "/run/yolo-edge/detections.sock"
    /// Model input size: fitted to the source's frames, or fixed.
    package var size = ConfiguredInputSize.auto
    /// Inference threads.
    package var threads = ProcessInfo.processInfo.activeProcessorCount
    package var logLevel = LogLevelName.info

    package var detection = Detection()
    package var clients = Clients()
    package var health = Health()
    package var tracking = Tracking()
    package var snapshots = Snapshots()
    package var mqtt = MQTT()
    package var http = HTTP()
    package var stream = Stream()
    /// `[[zones]]` and `[[lines]]` tables, in file order.
    package var zones: [ZoneConfig] = []
    package var lines: [LineConfig] = []

    package init() {}

    package struct Detection: Equatable, Sendable {
        package var confidence = 0.25
        package var iou = 0.45
        package var maxDetections = 100

        package init() {}
    }

    package struct Clients: Equatable, Sendable {
        /// Messages queued per client before the oldest are dropped.
        var queueLength = 64
        /// Seconds a client's queue may stay full before the client is disconnected.
        var stallTimeout = 10.0
        /// Connections beyond this many are refused.
        var maxClients = 64
    }

    package struct Health: Equatable, Sendable {
        /// Seconds between `status` lines and systemd `STATUS=` updates.
        var statusInterval = 2.0
        /// Seconds between `WATCHDOG=1` pings; 0 means half of systemd's `WatchdogSec`.
        var watchdogInterval = 0.0
    }
}

extension DaemonConfig {
    /// `[tracking]`: the ByteTrack-style tracker's settings (`TrackerSettings`). Its high
    /// threshold is `detection.confidence`; the detector then runs down to `low_score`.
    package struct Tracking: Equatable, Sendable {
        var enabled = true
        package var lowScore = 0.1
        var matchIoU = 0.2
        var lowMatchIoU = 0.5
        var confirmFrames = 3
        var lostFrames = 30
        var maxTracks = 256

        package init() {}
    }

    /// `[snapshots]`: annotated JPEGs of the latest frame on request, and of the frames on
    /// which events fire.
    package struct Snapshots: Equatable, Sendable {
        /// Keep a copy of the latest frame so that clients can ask for a snapshot.
        var enabled = true
        /// JPEG quality, 1 to 100.
        var quality = 85
        /// Where the frame of each event is saved; empty saves none.
        var eventDirectory = ""
        /// The oldest event snapshots are deleted past this many files or bytes.
        var maxFiles = 100
        var maxBytes = 50 << 20
    }
}

/// The log levels accepted in the config file and on the command line.
package enum LogLevelName: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}
