import CV4L2

/// What VIDIOC_QUERYCAP reports about a device node.
public struct DeviceCapabilities: Sendable, Equatable {
    public var driver: String
    public var card: String
    public var busInfo: String
    /// The capabilities of this node (not of the whole physical device).
    public var capabilities: UInt32

    public var canCapture: Bool { capabilities & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0 }
    public var canStream: Bool { capabilities & UInt32(V4L2_CAP_STREAMING) != 0 }
}

extension V4L2Device {
    func queryCapabilities() throws(CaptureFault) -> DeviceCapabilities {
        var answer = v4l2_capability()
        try ioctl(CV4L2_VIDIOC_QUERYCAP, "VIDIOC_QUERYCAP", &answer)
        let hasNodeCaps = answer.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0
        return DeviceCapabilities(
            driver: string(fromCArray: answer.driver),
            card: string(fromCArray: answer.card),
            busInfo: string(fromCArray: answer.bus_info),
            capabilities: hasNodeCaps ? answer.device_caps : answer.capabilities)
    }
}

/// Decodes a NUL-terminated fixed-size C char array, as imported into Swift (a tuple).
func string<Tuple>(fromCArray tuple: Tuple) -> String {
    withUnsafeBytes(of: tuple) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
