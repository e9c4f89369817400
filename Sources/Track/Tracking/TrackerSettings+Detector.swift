extension TrackerSettings {
    /// The score the detector must keep boxes down to: ByteTrack's second association needs
    /// the boxes between `lowScore` and `highScore`, which a detector at `highScore` would drop.
    public var detectorThreshold: Float { min(highScore, lowScore) }
}
