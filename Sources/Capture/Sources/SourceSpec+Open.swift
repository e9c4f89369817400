extension SourceSpec {
    /// Creates the source. Camera settings in `request` and `policy` apply to cameras only.
    /// A camera is not opened here (it may appear later); file sources are, and throw if unreadable.
    public func makeSource(
        request: CaptureRequest = CaptureRequest(), policy: RecoveryPolicy = RecoveryPolicy(),
        stopSignal: StopSignal = StopSignal()
    ) throws(CaptureFault) -> any FrameSource {
        switch self {
        case .camera(let path):
            V4L2Source(path: path, request: request, policy: policy, stopSignal: stopSignal)
        case .raw(let configuration):
            try RawReplaySource(configuration, stopSignal: stopSignal)
        case .images(let configuration):
            try ImageFileSource(configuration, stopSignal: stopSignal)
        }
    }
}
