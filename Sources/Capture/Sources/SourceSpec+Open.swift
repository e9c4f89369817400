extension SourceSpec {
    /// Creates the source. Camera settings in `request` and `policy` apply to V4L2 cameras only,
    /// `stream` to GStreamer sources. A camera or stream is not opened here (it may appear
    /// later), but GStreamer is loaded, and throws if missing; file sources are opened, and
    /// throw if unreadable.
    public func makeSource(
        request: CaptureRequest = CaptureRequest(), policy: RecoveryPolicy = RecoveryPolicy(),
        stream: StreamSettings = StreamSettings(), stopSignal: StopSignal = StopSignal()
    ) throws(CaptureFault) -> any FrameSource {
        switch self {
        case .camera(let path):
            V4L2Source(path: path, request: request, policy: policy, stopSignal: stopSignal)
        case .raw(let configuration):
            try RawReplaySource(configuration, stopSignal: stopSignal)
        case .images(let configuration):
            try ImageFileSource(configuration, stopSignal: stopSignal)
        case .gstreamer(let pipeline):
            try GStreamerSource(pipeline, settings: stream, stopSignal: stopSignal)
        }
    }
}

extension SourceSpec {
    /// The size of the frames this source delivers, when known before it streams: what a V4L2
    /// camera is asked for (a driver may choose another), a raw file's, a libcamera size given
    /// in the spec. Nil for images, RTSP and other pipelines.
    public func expectedFrameSize(request: CaptureRequest = CaptureRequest()) -> FrameSize? {
        switch self {
        case .camera: request.size
        case .raw(let configuration): configuration.size
        case .images: nil
        case .gstreamer(.libcamera(_, let size)): size
        case .gstreamer: nil
        }
    }
}
