/// What the user asks of a camera; the driver may grant something close to it.
public struct CaptureRequest: Sendable, Equatable {
    /// Acceptable pixel formats, most preferred first.
    public var formats: [PixelFormat]
    public var size: FrameSize
    /// Frame rate to ask for with VIDIOC_S_PARM; nil keeps the driver's current rate.
    public var framesPerSecond: Double?

    /// Formats the preprocessing reads directly, cheapest first.
    public static let defaultFormats: [PixelFormat] = [.yuyv, .nv12, .mjpeg, .rgb24]

    public init(
        formats: [PixelFormat] = CaptureRequest.defaultFormats,
        size: FrameSize = FrameSize(width: 640, height: 480),
        framesPerSecond: Double? = nil
    ) {
        self.formats = formats
        self.size = size
        self.framesPerSecond = framesPerSecond
    }
}
