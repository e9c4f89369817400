import Detect
import Track

extension FrameAnalysis {
    /// One source of IDs for every tracker of the process, so that a track ID is unique for
    /// the daemon's life, across reloads.
    static let trackIDs = TrackIDSource()

    /// The analysis a config asks for, or nil with tracking off. Zone and line classes are
    /// resolved against the model's, so an unknown class is reported here, with its line.
    static func make(_ config: DaemonConfig, classNames: [String]) throws(ConfigError) -> FrameAnalysis? {
        guard config.tracking.enabled else { return nil }
        let tracker = ObjectTracker(
            settings: config.trackerSettings, maxDetections: config.detection.maxDetections, ids: trackIDs)
        var monitor: ZoneMonitor?
        if !config.zones.isEmpty || !config.lines.isEmpty {
            let zones = try config.zones.map { (zone) throws(ConfigError) in
                var definition = zone.definition
                definition.classIDs = try zone.classIDs(among: classNames)
                return definition
            }
            let lines = try config.lines.map { (line) throws(ConfigError) in
                var definition = line.definition
                definition.classIDs = try line.classIDs(among: classNames)
                return definition
            }
            monitor = ZoneMonitor(
                zones: zones, lines: lines, classCount: classNames.count, maxTracks: config.tracking.maxTracks,
                maxDetections: config.detection.maxDetections)
        }
        return FrameAnalysis(tracker: tracker, monitor: monitor, classCount: classNames.count)
    }
}

extension DaemonConfig {
    /// `[tracking]` as the tracker takes it; its high threshold is the detection confidence.
    var trackerSettings: TrackerSettings {
        var settings = TrackerSettings()
        settings.highScore = Float(detection.confidence)
        settings.lowScore = Float(tracking.lowScore)
        settings.matchIoU = Float(tracking.matchIoU)
        settings.lowMatchIoU = Float(tracking.lowMatchIoU)
        settings.confirmFrames = tracking.confirmFrames
        settings.lostFrames = tracking.lostFrames
        settings.maxTracks = tracking.maxTracks
        return settings
    }

    /// The score the detector keeps boxes down to (`TrackerSettings.detectorThreshold` with
    /// tracking on).
    var detectorConfidence: Float {
        tracking.enabled ? trackerSettings.detectorThreshold : Float(detection.confidence)
    }
}
