import CV4L2

extension V4L2Device {
    /// Chooses a format for `request`, sets it and the frame rate, and returns what the
    /// driver actually granted. Throws if the driver substitutes another pixel format.
    func negotiate(_ request: CaptureRequest) throws(CaptureFault) -> StreamFormat {
        let offers = try enumerateFormats(sizesOf: request.formats)
        guard let choice = FormatChoice.best(among: offers, for: request) else {
            let offered = offers.map(\.format.description).joined(separator: " ")
            let wanted = request.formats.map(\.description).joined(separator: " ")
            throw .noUsableFormat("asked for \(wanted), device offers \(offered)")
        }
        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        format.fmt.pix.pixelformat = choice.format.fourCC
        format.fmt.pix.width = UInt32(choice.size.width)
        format.fmt.pix.height = UInt32(choice.size.height)
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try ioctl(CV4L2_VIDIOC_S_FMT, "VIDIOC_S_FMT", &format)
        let granted = PixelFormat(fourCC: format.fmt.pix.pixelformat)
        guard granted == choice.format else {
            throw .noUsableFormat("asked for \(choice.format), driver granted \(granted)")
        }
        return StreamFormat(
            format: granted, width: Int(format.fmt.pix.width), height: Int(format.fmt.pix.height),
            bytesPerLine: Int(format.fmt.pix.bytesperline), imageSize: Int(format.fmt.pix.sizeimage),
            framesPerSecond: try setFrameRate(request.framesPerSecond),
            isConverted: choice.isEmulated)
    }

    /// Asks for `wanted` frames per second when given and supported; returns the rate in force.
    private func setFrameRate(_ wanted: Double?) throws(CaptureFault) -> Double? {
        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        try ioctl(CV4L2_VIDIOC_G_PARM, "VIDIOC_G_PARM", &parameters)
        let settable = parameters.parm.capture.capability & UInt32(V4L2_CAP_TIMEPERFRAME) != 0
        if let wanted, wanted > 0, settable {
            // Seconds per frame as a fraction; ×1000 keeps rates such as 29.97 exact.
            parameters.parm.capture.timeperframe = v4l2_fract(
                numerator: 1000, denominator: UInt32((wanted * 1000).rounded()))
            try ioctl(CV4L2_VIDIOC_S_PARM, "VIDIOC_S_PARM", &parameters)
        }
        let interval = parameters.parm.capture.timeperframe
        return interval.numerator == 0 ? nil : rate(of: interval)
    }
}
