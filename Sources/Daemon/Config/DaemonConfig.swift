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
    /// Square model input size in pixels.
    package var size = 640
    /// Inference threads.
    package var threads = ProcessInfo.processInfo.activeProcessorCount
    package var logLevel = LogLevelName.info

    package var detection = Detection()
    package var clients = Clients()
    package var health = Health()

    package init() {}

    package struct Detection: Equatable, Sendable {
        var confidence = 0.25
        var iou = 0.45
        var maxDetections = 100
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

/// The log levels accepted in the config file and on the command line.
package enum LogLevelName: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}
